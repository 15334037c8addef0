package chant.k8s;

import static chant.k8s.ManifestRules.AGENT_RUN;
import static chant.k8s.ManifestRules.AGENT_RUN_LABEL;
import static chant.k8s.ManifestRules.NAME_LABEL;
import static chant.k8s.ManifestRules.SERVICES;
import static chant.k8s.ManifestRules.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Renders every overlay with {@code kubectl kustomize} and checks what a platform team would apply: the
 * restricted Pod Security profile on every workload, probes and resources, minimal namespaced RBAC,
 * network policies that deny by default, the secrets only where they are needed, and each overlay's
 * own promises (dev: one replica and its PostgreSQL; prod: replicas, budgets, spread).
 */
class OverlaysTest {

    static final Set<String> PLACEHOLDER_IMAGES = Set.of("chant/spec-service", "chant/agent-service", "chant/merge-service");

    /** Each overlay rendered once for all tests (kubectl takes about a second). */
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    static ManifestRules render(String overlay, String namespace) {
        List<HasMetadata> objects = RENDERED.computeIfAbsent(overlay,
                name -> Kustomize.render(Kustomize.k8sDir().resolve("overlays").resolve(name)));
        return new ManifestRules(objects, namespace);
    }

    static void assertKept(String rule, List<String> broken) {
        if (!broken.isEmpty()) {
            fail(rule + ":\n  " + String.join("\n  ", broken));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev, chant-dev", "prod, chant"})
    void everyOverlayKeepsTheRules(String overlay, String namespace) {
        ManifestRules rules = render(overlay, namespace);
        assertKept(overlay + ": fields the API does not know", rules.noUnknownFields());
        assertKept(overlay + ": objects outside the namespace", rules.namespacedOnly());
        assertKept(overlay + ": workloads not hardened (restricted Pod Security profile, resources)", rules.hardenedWorkloads());
        assertKept(overlay + ": Deployments without their health probes", rules.deploymentsProbed());
        assertKept(overlay + ": Services that lead nowhere", rules.servicesReachPods());
        assertKept(overlay + ": images not named by the overlay", rules.imagesNamed(PLACEHOLDER_IMAGES));
        assertKept(overlay + ": secrets in plain settings", rules.noPlainSecrets());
        assertKept(overlay + ": RBAC broader than agent-service needs", rules.rbacMinimal());
        assertKept(overlay + ": network policies", rules.networkDeniedByDefault());
        for (String service : SERVICES) {
            assertNotNull(deployment(rules, service), overlay + " has no Deployment " + service);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev, chant-dev", "prod, chant"})
    void secretsReachOnlyThePodsThatUseThem(String overlay, String namespace) {
        ManifestRules rules = render(overlay, namespace);
        Map<String, PodTemplateSpec> pods = rules.podTemplates();
        assertEquals(Set.of("Deployment spec-service"), podsWithSecret(pods, "chant-issuer-key"),
                "the issuer's private key belongs to spec-service alone");
        assertEquals(Set.of("Deployment agent-service"), podsWithSecret(pods, "chant-provider-keys"),
                "the model providers' keys belong to agent-service alone");
        assertEquals(Set.of("Deployment agent-service"), podsWithSecret(pods, "agent-service-token"));
        assertEquals(Set.of("Deployment merge-service"), podsWithSecret(pods, "merge-service-token"));

        for (String service : SERVICES) {
            Deployment deployment = deployment(rules, service);
            PodTemplateSpec template = deployment.getSpec().getTemplate();
            Container container = template.getSpec().getContainers().get(0);
            Map<String, String> settings = rules.settings(template, container);
            // Every service verifies tokens with the issuer's public keys from the ConfigMap chant-auth-jwks.
            String jwksFile = settings.get("CHANT_AUTH_JWKS_FILE");
            assertNotNull(jwksFile, service + " has no CHANT_AUTH_JWKS_FILE");
            Volume jwks = list(template.getSpec().getVolumes()).stream()
                    .filter(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("chant-auth-jwks"))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " does not mount ConfigMap chant-auth-jwks"));
            VolumeMount mount = ManifestRules.mountOf(container, jwks.getName())
                    .orElseThrow(() -> new AssertionError(service + " does not mount its jwks volume"));
            assertEquals(mount.getMountPath() + "/jwks.json", jwksFile, service + "'s CHANT_AUTH_JWKS_FILE is not the mounted file");
            assertTrue(Boolean.TRUE.equals(mount.getReadOnly()), service + " mounts the public keys writable");
            // The database comes from a Secret, never from a plain value.
            for (String variable : List.of("CHANT_DB_URL", "CHANT_DB_USER", "CHANT_DB_PASSWORD")) {
                assertTrue(list(container.getEnv()).stream().anyMatch(e -> e.getName().equals(variable)
                        && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                        && e.getValueFrom().getSecretKeyRef().getName().startsWith("chant-db")),
                        service + " does not take " + variable + " from the Secret chant-db");
            }
        }

        // Each service token is a file the service reads (CHANT_AUTH_SERVICE_TOKEN_FILE) in its mounted Secret.
        for (String service : List.of("agent-service", "merge-service")) {
            PodTemplateSpec template = deployment(rules, service).getSpec().getTemplate();
            Container container = template.getSpec().getContainers().get(0);
            String file = rules.settings(template, container).get("CHANT_AUTH_SERVICE_TOKEN_FILE");
            Volume token = ManifestRules.secretVolumes(template, service + "-token").get(0);
            assertEquals(ManifestRules.mountOf(container, token.getName()).orElseThrow().getMountPath() + "/token", file,
                    service + "'s CHANT_AUTH_SERVICE_TOKEN_FILE is not the mounted token");
        }

        // spec-service: the key reaches the service's key directory through the init container, mode 0600.
        PodTemplateSpec spec = deployment(rules, "spec-service").getSpec().getTemplate();
        Container main = spec.getSpec().getContainers().get(0);
        String keyDir = rules.settings(spec, main).get("CHANT_AUTH_KEY_DIR");
        Container init = spec.getSpec().getInitContainers().stream().filter(c -> c.getName().equals("issuer-key"))
                .findFirst().orElseThrow(() -> new AssertionError("spec-service has no issuer-key init container"));
        assertEquals(List.of("install", "-m", "0600"), init.getCommand().subList(0, 3));
        assertEquals(keyDir + "/signing-key.jwk", init.getCommand().get(init.getCommand().size() - 1));
        assertEquals(main.getImage(), init.getImage(), "the init container runs the service's own image");
        Volume issuer = list(spec.getSpec().getVolumes()).stream().filter(v -> v.getName().equals("issuer")).findFirst().orElseThrow();
        assertEquals("Memory", issuer.getEmptyDir().getMedium(), "the copied key stays in memory, never on the node's disk");

        // The agent-service provider key setting names a file of the mounted provider keys.
        PodTemplateSpec agent = deployment(rules, "agent-service").getSpec().getTemplate();
        Container agentContainer = agent.getSpec().getContainers().get(0);
        Volume keys = ManifestRules.secretVolumes(agent, "chant-provider-keys").get(0);
        String keyMount = ManifestRules.mountOf(agentContainer, keys.getName()).orElseThrow().getMountPath();
        assertTrue(rules.settings(agent, agentContainer).get("CHANT_ANTHROPIC_API_KEY_FILE").startsWith(keyMount + "/"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev, chant-dev", "prod, chant"})
    void onlyAgentServiceTalksToTheKubernetesApi(String overlay, String namespace) {
        ManifestRules rules = render(overlay, namespace);
        for (ServiceAccount account : rules.all(ServiceAccount.class)) {
            boolean bound = rules.all(RoleBinding.class).stream().anyMatch(b -> list(b.getSubjects()).stream()
                    .anyMatch(s -> s.getName().equals(account.getMetadata().getName())));
            if (account.getMetadata().getName().equals("agent-service")) {
                assertTrue(bound, "agent-service's account is bound to its Role");
            } else {
                assertFalse(bound, account.getMetadata().getName() + " is bound to a Role");
                assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(),
                        account.getMetadata().getName() + " mounts an API token it has no use for");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev, chant-dev", "prod, chant"})
    void agentJobsReachOnlyTheServicesTheModelAndGit(String overlay, String namespace) {
        ManifestRules rules = render(overlay, namespace);
        NetworkPolicy policy = rules.policyFor(Map.of(AGENT_RUN_LABEL, AGENT_RUN))
                .orElseThrow(() -> new AssertionError("no NetworkPolicy for agent Jobs (" + AGENT_RUN_LABEL + "=" + AGENT_RUN + ")"));
        assertTrue(policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")));
        assertTrue(list(policy.getSpec().getIngress()).isEmpty(), "nothing may connect to an agent Job");
        Set<String> peers = policy.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream())
                .map(OverlaysTest::describe).collect(Collectors.toSet());
        assertEquals(Set.of("pods agent-service", "pods spec-service", "addresses 0.0.0.0/0 except [169.254.0.0/16]"), peers);
        Set<Integer> externalPorts = policy.getSpec().getEgress().stream()
                .filter(r -> r.getTo().stream().anyMatch(p -> p.getIpBlock() != null))
                .flatMap(r -> r.getPorts().stream()).map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
        assertEquals(Set.of(443, 22), externalPorts, "agent Jobs reach the model (HTTPS) and git (HTTPS, SSH) only");

        // Who may call each service: the callers the code has, and the ingress namespaces.
        assertEquals(Set.of("pods agent-service", "pods merge-service", "pods agent-run", "namespaces chant.dev/ingress=true"),
                callers(rules, "spec-service"));
        assertEquals(Set.of("pods merge-service", "pods agent-run", "namespaces chant.dev/ingress=true"),
                callers(rules, "agent-service"));
        assertEquals(Set.of("namespaces chant.dev/ingress=true"), callers(rules, "merge-service"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev, chant-dev", "prod, chant"})
    void agentRunsAreJobsOfTheReleasedAgentImageInTheNamespaceAsAnAccountWithoutApiAccess(String overlay, String namespace) {
        ManifestRules rules = render(overlay, namespace);
        PodTemplateSpec agent = deployment(rules, "agent-service").getSpec().getTemplate();
        Container container = agent.getSpec().getContainers().get(0);
        Map<String, String> settings = rules.settings(agent, container);

        assertEquals("kubernetes", settings.get("CHANT_AGENT_BACKEND"), "every run is a Job");
        assertFalse(PLACEHOLDER_IMAGES.contains(container.getImage()), container.getImage());
        assertEquals(container.getImage(), settings.get("CHANT_AGENT_KUBERNETES_IMAGE"),
                "the Jobs run the image released with agent-service (it holds the runner)");
        assertEquals("metadata.namespace", list(container.getEnv()).stream()
                .filter(e -> e.getName().equals("CHANT_AGENT_KUBERNETES_NAMESPACE")).findFirst()
                .orElseThrow(() -> new AssertionError("no namespace for the Jobs")).getValueFrom().getFieldRef().getFieldPath(),
                "the Jobs go into agent-service's own namespace, where its Role holds");
        String account = settings.get("CHANT_AGENT_KUBERNETES_SERVICE_ACCOUNT");
        ServiceAccount runs = rules.all(ServiceAccount.class).stream().filter(a -> a.getMetadata().getName().equals(account))
                .findFirst().orElseThrow(() -> new AssertionError("the Jobs' ServiceAccount " + account + " is not deployed"));
        assertEquals(AGENT_RUN, runs.getMetadata().getLabels().get(AGENT_RUN_LABEL));
        assertEquals(Boolean.FALSE, runs.getAutomountServiceAccountToken(), "an agent Job holds no API token");

        PodTemplateSpec merge = deployment(rules, "merge-service").getSpec().getTemplate();
        Map<String, String> mergeSettings = rules.settings(merge, merge.getSpec().getContainers().get(0));
        assertEquals("agent-service", mergeSettings.get("CHANT_MERGE_VERIFY_WHERE"),
                "verify commands run as verify runs (Jobs), never in merge-service's pod");
        assertFalse("true".equals(mergeSettings.get("CHANT_MERGE_UNSANDBOXED")));
    }

    @Test
    void prodRunsSeveralReplicasWithBudgetsAndSpread() {
        ManifestRules rules = render("prod", "chant");
        for (String service : SERVICES) {
            Deployment deployment = deployment(rules, service);
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(deployment.getSpec().getReplicas() >= 2, service + " has " + deployment.getSpec().getReplicas() + " replica(s) in prod");
            PodDisruptionBudget budget = rules.all(PodDisruptionBudget.class).stream()
                    .filter(b -> ManifestRules.selects(b.getSpec().getSelector().getMatchLabels(), labels)).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no PodDisruptionBudget"));
            assertNotNull(budget.getSpec().getMinAvailable(), service + "'s budget keeps no replica available");
            int minAvailable = budget.getSpec().getMinAvailable().getIntVal();
            assertTrue(minAvailable >= 1 && minAvailable < deployment.getSpec().getReplicas(),
                    service + "'s budget must keep one replica and still let a node drain");
            var spread = list(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints());
            assertTrue(spread.stream().anyMatch(c -> c.getTopologyKey().equals("kubernetes.io/hostname")
                    && c.getWhenUnsatisfiable().equals("DoNotSchedule")
                    && ManifestRules.selects(c.getLabelSelector().getMatchLabels(), labels)),
                    service + " is not spread over nodes");
            assertTrue(spread.stream().anyMatch(c -> c.getTopologyKey().equals("topology.kubernetes.io/zone")),
                    service + " is not spread over zones");
        }
        assertTrue(rules.all(StatefulSet.class).isEmpty(), "prod uses an external PostgreSQL, not one in the namespace");
        assertTrue(rules.all(Secret.class).isEmpty(), "prod's Secrets are created outside the manifests (docs/kubernetes.md)");
    }

    @Test
    void devRunsOneReplicaEachAndItsOwnPostgres() {
        ManifestRules rules = render("dev", "chant-dev");
        for (String service : SERVICES) {
            assertEquals(1, deployment(rules, service).getSpec().getReplicas(), service + " replicas in dev");
        }
        StatefulSet postgres = rules.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals("postgres"))
                .findFirst().orElseThrow(() -> new AssertionError("dev has no PostgreSQL StatefulSet"));
        var claims = postgres.getSpec().getVolumeClaimTemplates();
        assertEquals(1, claims.size(), "PostgreSQL keeps its data on a PersistentVolumeClaim");
        String claim = claims.get(0).getMetadata().getName();
        Container container = postgres.getSpec().getTemplate().getSpec().getContainers().get(0);
        VolumeMount data = ManifestRules.mountOf(container, claim).orElseThrow(() -> new AssertionError("PostgreSQL does not mount its claim"));
        String pgdata = list(container.getEnv()).stream().filter(e -> e.getName().equals("PGDATA")).findFirst().orElseThrow().getValue();
        assertTrue(pgdata.startsWith(data.getMountPath() + "/"), "PGDATA lies on the claim, below its root");

        // The services' database Secret points at this PostgreSQL's Service.
        Secret db = rules.all(Secret.class).stream().filter(s -> s.getMetadata().getName().startsWith("chant-db"))
                .findFirst().orElseThrow(() -> new AssertionError("dev has no database Secret"));
        String url = new String(Base64.getDecoder().decode(db.getData().get("url")), StandardCharsets.UTF_8);
        assertEquals("jdbc:postgresql://postgres:5432/chant", url);
        String secretName = db.getMetadata().getName();
        assertTrue(deployment(rules, "spec-service").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                        && e.getValueFrom().getSecretKeyRef().getName().equals(secretName)), "the services read the generated Secret");

        NetworkPolicy database = rules.policyFor(Map.of(NAME_LABEL, "postgres")).orElseThrow();
        assertTrue(list(database.getSpec().getEgress()).isEmpty() && database.getSpec().getPolicyTypes().contains("Egress"),
                "PostgreSQL reaches nothing");
        assertEquals(Set.of("pods in [spec-service, agent-service, merge-service]"),
                database.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()).map(OverlaysTest::describe)
                        .collect(Collectors.toSet()));
    }

    private static Set<String> callers(ManifestRules rules, String service) {
        NetworkPolicy policy = rules.policyFor(Map.of(NAME_LABEL, service))
                .orElseThrow(() -> new AssertionError("no NetworkPolicy for " + service));
        return policy.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()).map(OverlaysTest::describe)
                .collect(Collectors.toSet());
    }

    static String describe(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return "addresses " + peer.getIpBlock().getCidr() + " except " + list(peer.getIpBlock().getExcept());
        }
        if (peer.getNamespaceSelector() != null) {
            return "namespaces " + peer.getNamespaceSelector().getMatchLabels().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }
        var selector = peer.getPodSelector();
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
            return "pods " + selector.getMatchLabels().values().stream().collect(Collectors.joining(","));
        }
        return "pods in " + selector.getMatchExpressions().get(0).getValues();
    }

    static Set<String> podsWithSecret(Map<String, PodTemplateSpec> pods, String secret) {
        return pods.entrySet().stream().filter(e -> !ManifestRules.secretVolumes(e.getValue(), secret).isEmpty()
                || e.getValue().getSpec().getContainers().stream().flatMap(c -> list(c.getEnv()).stream())
                        .anyMatch(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null
                                && v.getValueFrom().getSecretKeyRef().getName().startsWith(secret)))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    static Deployment deployment(ManifestRules rules, String name) {
        return rules.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

}
