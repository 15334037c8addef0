package chant.k8s;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every rendered overlay must keep, each returning what breaks it (empty: kept). Each
 * message names the object and what to change, so that a failing test says what is wrong.
 */
final class ManifestRules {

    /** Kinds that exist outside namespaces: none of them belongs in these manifests. */
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "RuntimeClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "APIService", "Node",
            "PodSecurityPolicy", "CSIDriver", "VolumeAttachment");

    /**
     * What agent-service's Role may grant: the Job backend's objects and no more (docs/kubernetes.md
     * "RBAC"; a verb the backend needs beyond these is a change here and there, with its reason).
     */
    static final Map<String, Set<String>> ALLOWED_RBAC = Map.of(
            "batch/jobs", Set.of("create", "get", "list", "watch", "delete"),
            "/pods", Set.of("get", "list", "watch"),
            "/pods/log", Set.of("get"),
            "/secrets", Set.of("create", "get", "list", "patch", "delete"));

    static final String AGENT_RUN_LABEL = "app.kubernetes.io/component";
    static final String AGENT_RUN = "agent-run";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final List<String> SERVICES = List.of("spec-service", "agent-service", "merge-service");
    static final String LINK_LOCAL = "169.254.0.0/16";

    /** Settings whose value is the name of a Secret, not a secret. */
    private static final Set<String> NAMES_A_SECRET = Set.of("CHANT_AGENT_KUBERNETES_PROVIDER_SECRET");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE).*");

    private final List<HasMetadata> objects;
    private final String namespace;

    ManifestRules(List<HasMetadata> objects, String namespace) {
        this.objects = objects;
        this.namespace = namespace;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static String id(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getName();
    }

    /** Every workload with its pod template, by "Kind name". */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            PodTemplateSpec template = null;
            if (o instanceof Deployment d) {
                template = d.getSpec().getTemplate();
            } else if (o instanceof StatefulSet s) {
                template = s.getSpec().getTemplate();
            } else if (o instanceof DaemonSet s) {
                template = s.getSpec().getTemplate();
            } else if (o instanceof ReplicaSet s) {
                template = s.getSpec().getTemplate();
            } else if (o instanceof Job j) {
                template = j.getSpec().getTemplate();
            } else if (o instanceof CronJob c) {
                template = c.getSpec().getJobTemplate().getSpec().getTemplate();
            } else if (o instanceof io.fabric8.kubernetes.api.model.Pod p) {
                template = new PodTemplateSpec(p.getMetadata(), p.getSpec());
            }
            if (template != null) {
                templates.put(id(o), template);
            }
        }
        return templates;
    }

    // ---- scope

    List<String> namespacedOnly() {
        List<String> broken = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (CLUSTER_SCOPED.contains(o.getKind())) {
                broken.add(id(o) + " is cluster-scoped: the platform needs nothing outside its namespace");
            } else if (!namespace.equals(o.getMetadata().getNamespace())) {
                broken.add(id(o) + " is in namespace " + o.getMetadata().getNamespace() + ", not " + namespace
                        + " (set by the overlay's namespace:)");
            }
        }
        return broken;
    }

    // ---- fields

    /**
     * Fields the Kubernetes API does not know (a typo, a field at the wrong level): fabric8 keeps them
     * in {@code additionalProperties}, and a real API server would refuse the object or drop them.
     */
    List<String> noUnknownFields() {
        List<String> broken = new ArrayList<>();
        for (HasMetadata o : objects) {
            unknownFields(o, id(o), broken);
        }
        return broken;
    }

    private static void unknownFields(Object value, String path, List<String> broken) {
        if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                unknownFields(items.get(i), path + "[" + i + "]", broken);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, broken));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (java.lang.reflect.Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    broken.add(path + " has fields the API does not know: " + extra.keySet());
                }
            } else {
                String name = getter.getName().startsWith("is") ? getter.getName().substring(2) : getter.getName().substring(3);
                unknownFields(field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), broken);
            }
        }
    }

    // ---- the restricted Pod Security profile

    List<String> hardenedWorkloads() {
        List<String> broken = new ArrayList<>();
        podTemplates().forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
            if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC())) {
                broken.add(workload + " shares a host namespace (hostNetwork, hostPID or hostIPC)");
            }
            for (Volume volume : list(pod.getVolumes())) {
                if (volume.getHostPath() != null) {
                    broken.add(workload + " mounts the host path " + volume.getHostPath().getPath());
                }
            }
            if (Objects.equals(podContext.getRunAsUser(), 0L)) {
                broken.add(workload + " runs as user 0 (root)");
            }
            List<Container> containers = new ArrayList<>(list(pod.getInitContainers()));
            containers.addAll(list(pod.getContainers()));
            for (Container container : containers) {
                String where = workload + " container " + container.getName();
                SecurityContext context = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
                boolean nonRoot = Boolean.TRUE.equals(context.getRunAsNonRoot())
                        || (context.getRunAsNonRoot() == null && Boolean.TRUE.equals(podContext.getRunAsNonRoot()));
                if (!nonRoot) {
                    broken.add(where + ": runAsNonRoot is not true");
                }
                if (Objects.equals(context.getRunAsUser(), 0L)) {
                    broken.add(where + ": runs as user 0 (root)");
                }
                if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                    broken.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(context.getPrivileged())) {
                    broken.add(where + ": is privileged");
                }
                if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
                    broken.add(where + ": readOnlyRootFilesystem is not true (mount an emptyDir where it writes)");
                }
                Capabilities capabilities = context.getCapabilities();
                if (capabilities == null || !list(capabilities.getDrop()).contains("ALL")) {
                    broken.add(where + ": capabilities do not drop ALL");
                }
                if (capabilities != null && !list(capabilities.getAdd()).isEmpty()) {
                    broken.add(where + ": adds capabilities " + capabilities.getAdd());
                }
                SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
                        : podContext.getSeccompProfile();
                if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
                    broken.add(where + ": seccomp profile is not RuntimeDefault");
                }
                broken.addAll(resources(where, container.getResources()));
            }
            for (Container container : list(pod.getContainers())) {
                boolean tmp = list(container.getVolumeMounts()).stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                        && list(pod.getVolumes()).stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
                if (!tmp) {
                    broken.add(workload + " container " + container.getName() + ": no emptyDir on /tmp (the root file system is read-only)");
                }
            }
            for (Volume volume : list(pod.getVolumes())) {
                if (volume.getSecret() != null) {
                    Integer mode = volume.getSecret().getDefaultMode();
                    if (mode == null || (mode & 0007) != 0 || (mode & 0222) != 0) {
                        broken.add(workload + " volume " + volume.getName() + ": Secret files are "
                                + (mode == null ? "0644 by default" : "mode 0" + Integer.toOctalString(mode))
                                + "; give defaultMode 0440 or less (no write, nothing for others)");
                    }
                }
            }
        });
        return broken;
    }

    private static List<String> resources(String where, ResourceRequirements resources) {
        List<String> broken = new ArrayList<>();
        for (String kind : List.of("cpu", "memory")) {
            if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(kind)) {
                broken.add(where + ": no " + kind + " request");
            }
            if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey(kind)) {
                broken.add(where + ": no " + kind + " limit");
            }
        }
        return broken;
    }

    // ---- probes, ports, images, settings

    List<String> deploymentsProbed() {
        List<String> broken = new ArrayList<>();
        for (Deployment deployment : all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = id(deployment) + " container " + container.getName();
                broken.addAll(probe(where, "liveness", container.getLivenessProbe(), "/q/health/live", container));
                broken.addAll(probe(where, "readiness", container.getReadinessProbe(), "/q/health/ready", container));
            }
        }
        return broken;
    }

    private static List<String> probe(String where, String kind, Probe probe, String path, Container container) {
        if (probe == null || probe.getHttpGet() == null) {
            return List.of(where + ": no HTTP " + kind + " probe (" + path + ")");
        }
        HTTPGetAction get = probe.getHttpGet();
        if (!path.equals(get.getPath())) {
            return List.of(where + ": the " + kind + " probe asks " + get.getPath() + ", not " + path);
        }
        if (!servesPort(container, get.getPort())) {
            return List.of(where + ": the " + kind + " probe's port " + get.getPort() + " is not a port of the container");
        }
        return List.of();
    }

    private static boolean servesPort(Container container, IntOrString port) {
        return port != null && list(container.getPorts()).stream().anyMatch(p -> port.getStrVal() != null
                ? port.getStrVal().equals(p.getName()) : Objects.equals(port.getIntVal(), p.getContainerPort()));
    }

    /** Each Service's ports lead to a port of the pods it selects. */
    List<String> servicesReachPods() {
        List<String> broken = new ArrayList<>();
        for (Service service : all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodTemplateSpec> pods = podTemplates().values().stream()
                    .filter(t -> selector != null && !selector.isEmpty() && labels(t).entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (pods.isEmpty()) {
                broken.add(id(service) + " selects no pods");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (PodTemplateSpec pod : pods) {
                    if (pod.getSpec().getContainers().stream().noneMatch(c -> servesPort(c, target))) {
                        broken.add(id(service) + " port " + port.getPort() + " leads to " + target
                                + ", which its pods do not serve");
                    }
                }
            }
        }
        return broken;
    }

    /** Every image is named by the overlay (a registry and an explicit tag, never the base's placeholder). */
    List<String> imagesNamed(Set<String> placeholders) {
        List<String> broken = new ArrayList<>();
        podTemplates().forEach((workload, template) -> {
            List<Container> containers = new ArrayList<>(list(template.getSpec().getInitContainers()));
            containers.addAll(template.getSpec().getContainers());
            for (Container container : containers) {
                String image = container.getImage();
                String repository = image.contains("@") ? image.substring(0, image.indexOf('@'))
                        : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(0, image.lastIndexOf(':')) : image;
                boolean tagged = image.contains("@") || image.lastIndexOf(':') > image.lastIndexOf('/');
                if (!tagged || image.endsWith(":latest")) {
                    broken.add(workload + " container " + container.getName() + ": image " + image
                            + " has no fixed tag (the overlay's images: entry gives it)");
                }
                if (placeholders.contains(repository)) {
                    broken.add(workload + " container " + container.getName() + ": image " + image
                            + " is the base's placeholder; the overlay's images: entry must rename it");
                }
            }
        });
        return broken;
    }

    /** No secret values in plain settings: a secret comes from a Secret (a key reference or a file). */
    List<String> noPlainSecrets() {
        List<String> broken = new ArrayList<>();
        podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                for (EnvVar env : list(container.getEnv())) {
                    if (env.getValue() != null && looksSecret(env.getName())) {
                        broken.add(workload + " container " + container.getName() + ": " + env.getName()
                                + " is set in plain text; take it from a Secret");
                    }
                }
            }
        });
        for (ConfigMap map : all(ConfigMap.class)) {
            for (String key : Optional.ofNullable(map.getData()).orElse(Map.of()).keySet()) {
                if (looksSecret(key.toUpperCase(Locale.ROOT))) {
                    broken.add(id(map) + " holds " + key + "; a secret belongs in a Secret");
                }
            }
        }
        return broken;
    }

    private static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).matches() && !name.endsWith("_FILE") && !NAMES_A_SECRET.contains(name);
    }

    // ---- RBAC

    List<String> rbacMinimal() {
        List<String> broken = new ArrayList<>();
        for (Role role : all(Role.class)) {
            for (PolicyRule rule : list(role.getRules())) {
                if (!list(rule.getNonResourceURLs()).isEmpty()) {
                    broken.add(id(role) + " grants non-resource URLs " + rule.getNonResourceURLs());
                }
                for (String group : list(rule.getApiGroups())) {
                    for (String resource : list(rule.getResources())) {
                        String key = group + "/" + resource;
                        Set<String> allowed = ALLOWED_RBAC.get(key);
                        if (group.contains("*") || resource.contains("*")) {
                            broken.add(id(role) + " grants the wildcard " + key);
                        } else if (allowed == null) {
                            broken.add(id(role) + " grants " + key + ", which agent-service does not need");
                        } else {
                            for (String verb : list(rule.getVerbs())) {
                                if (!allowed.contains(verb)) {
                                    broken.add(id(role) + " grants '" + verb + "' on " + key + " (allowed: " + allowed + ")");
                                }
                            }
                        }
                    }
                }
            }
        }
        for (RoleBinding binding : all(RoleBinding.class)) {
            if (!"Role".equals(binding.getRoleRef().getKind())) {
                broken.add(id(binding) + " binds a " + binding.getRoleRef().getKind() + "; bind a namespaced Role");
            } else if (all(Role.class).stream().noneMatch(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))) {
                broken.add(id(binding) + " binds Role " + binding.getRoleRef().getName() + ", which is not in the manifests");
            }
            for (Subject subject : list(binding.getSubjects())) {
                if (!"ServiceAccount".equals(subject.getKind()) || !namespace.equals(subject.getNamespace())) {
                    broken.add(id(binding) + " binds " + subject.getKind() + " " + subject.getName() + " of namespace "
                            + subject.getNamespace() + "; only service accounts of " + namespace);
                }
            }
        }
        return broken;
    }

    // ---- network policies

    List<String> networkDeniedByDefault() {
        List<String> broken = new ArrayList<>();
        List<NetworkPolicy> policies = all(NetworkPolicy.class);
        boolean denyAll = policies.stream().map(NetworkPolicy::getSpec).anyMatch(s -> isEmptySelector(s)
                && list(s.getPolicyTypes()).containsAll(List.of("Ingress", "Egress"))
                && list(s.getIngress()).isEmpty() && list(s.getEgress()).isEmpty());
        if (!denyAll) {
            broken.add("no NetworkPolicy denies all ingress and egress of every pod (podSelector {}, policyTypes"
                    + " Ingress and Egress, no rules)");
        }
        for (NetworkPolicy policy : policies) {
            for (NetworkPolicyIngressRule rule : list(policy.getSpec().getIngress())) {
                if (list(rule.getFrom()).isEmpty() || list(rule.getPorts()).isEmpty()) {
                    broken.add(id(policy) + " has an ingress rule without peers or without ports (it allows too much)");
                }
                broken.addAll(ipBlocks(policy, rule.getFrom()));
            }
            for (NetworkPolicyEgressRule rule : list(policy.getSpec().getEgress())) {
                if (list(rule.getTo()).isEmpty() || list(rule.getPorts()).isEmpty()) {
                    broken.add(id(policy) + " has an egress rule without peers or without ports (it allows too much)");
                }
                broken.addAll(ipBlocks(policy, rule.getTo()));
            }
        }
        // Every pod is the subject of a policy of its own, besides the namespace-wide ones.
        podTemplates().forEach((workload, template) -> {
            boolean covered = policies.stream().filter(p -> !isEmptySelector(p.getSpec()))
                    .anyMatch(p -> selects(p.getSpec().getPodSelector().getMatchLabels(), labels(template)));
            if (!covered) {
                broken.add(workload + " has no NetworkPolicy of its own: say what it may reach");
            }
        });
        return broken;
    }

    private static List<String> ipBlocks(NetworkPolicy policy, List<NetworkPolicyPeer> peers) {
        List<String> broken = new ArrayList<>();
        for (NetworkPolicyPeer peer : list(peers)) {
            IPBlock block = peer.getIpBlock();
            if (block != null && block.getCidr().endsWith("/0") && !list(block.getExcept()).contains(LINK_LOCAL)) {
                broken.add(id(policy) + " allows " + block.getCidr() + " including " + LINK_LOCAL
                        + " (the cloud metadata service); except it");
            }
        }
        return broken;
    }

    static boolean isEmptySelector(NetworkPolicySpec spec) {
        return spec.getPodSelector() == null || (Optional.ofNullable(spec.getPodSelector().getMatchLabels()).orElse(Map.of()).isEmpty()
                && list(spec.getPodSelector().getMatchExpressions()).isEmpty());
    }

    /** The policy selecting pods with exactly these labels (matchLabels only). */
    Optional<NetworkPolicy> policyFor(Map<String, String> podLabels) {
        return all(NetworkPolicy.class).stream().filter(p -> !isEmptySelector(p.getSpec()))
                .filter(p -> selects(p.getSpec().getPodSelector().getMatchLabels(), podLabels)).findFirst();
    }

    static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
        return matchLabels != null && !matchLabels.isEmpty() && labels.entrySet().containsAll(matchLabels.entrySet());
    }

    // ---- helpers

    static Map<String, String> labels(PodTemplateSpec template) {
        return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
    }

    /** The settings a container gets from its ConfigMaps (envFrom) and its own env values. */
    Map<String, String> settings(PodTemplateSpec template, Container container) {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvFromSource from : list(container.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                        .findFirst().ifPresent(m -> values.putAll(m.getData()));
            }
        }
        for (EnvVar env : list(container.getEnv())) {
            if (env.getValue() != null) {
                values.put(env.getName(), env.getValue());
            }
        }
        return values;
    }

    /** The volumes of a pod that come from the named Secret. */
    static List<Volume> secretVolumes(PodTemplateSpec template, String secretPrefix) {
        return list(template.getSpec().getVolumes()).stream()
                .filter(v -> v.getSecret() != null && v.getSecret().getSecretName().startsWith(secretPrefix)).toList();
    }

    static Optional<VolumeMount> mountOf(Container container, String volume) {
        return list(container.getVolumeMounts()).stream().filter(m -> m.getName().equals(volume)).findFirst();
    }

    static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
