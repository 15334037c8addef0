package chant.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link OverlaysTest} do find what they are meant to find: an overlay that weakens the
 * base in the ways a careless change would (escalation allowed, a probe and limits gone, deny-all
 * removed, a world-readable Secret, a wildcard ClusterRole, the base's placeholder image) is rendered
 * by kubectl like the real ones, and each weakness is reported.
 */
class RulesCatchBreakageTest {

    static ManifestRules rules;

    @BeforeAll
    static void renderBrokenOverlay() throws IOException {
        // Inside the module folder, so that the overlay may name ../../base (kustomize's load restrictions).
        Path overlay = Kustomize.k8sDir().resolve("target").resolve("broken-overlay");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: broken
                resources:
                  - ../../base
                  - cluster-role.yaml
                images:
                  - name: chant/spec-service
                    newName: registry.example.com/chant/spec-service
                    newTag: "1"
                  - name: chant/agent-service
                    newName: registry.example.com/chant/agent-service
                    newTag: "1"
                patches:
                  - path: weaken.yaml
                  - path: no-deny-all.yaml
                """);
        Files.writeString(overlay.resolve("cluster-role.yaml"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: everything
                rules:
                  - apiGroups: ["*"]
                    resources: ["*"]
                    verbs: ["*"]
                """);
        Files.writeString(overlay.resolve("weaken.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: agent-service
                spec:
                  template:
                    spec:
                      containers:
                        - name: agent-service
                          readinessProbe: null
                          readOnlyRootFileSystem: true
                          securityContext:
                            allowPrivilegeEscalation: true
                          resources:
                            limits: null
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: merge-service
                spec:
                  template:
                    spec:
                      volumes:
                        - name: service-token
                          secret:
                            defaultMode: 0644
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: agent-service
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: ["roles"]
                    verbs: ["escalate"]
                """);
        // A patch file of its own: kustomize 5.5 fails on a delete among other patches in one file.
        Files.writeString(overlay.resolve("no-deny-all.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: default-deny-all
                $patch: delete
                """);
        List<HasMetadata> objects = Kustomize.render(overlay);
        rules = new ManifestRules(objects, "broken");
    }

    @Test
    void weakenedWorkloadsAreReported() {
        List<String> broken = rules.hardenedWorkloads();
        assertReported(broken, "Deployment agent-service container agent-service: allowPrivilegeEscalation is not false");
        assertReported(broken, "Deployment agent-service container agent-service: no cpu limit");
        assertReported(broken, "Deployment agent-service container agent-service: no memory limit");
        assertReported(broken, "Deployment merge-service volume service-token: Secret files are mode 0644");
        assertReported(rules.deploymentsProbed(), "Deployment agent-service container agent-service: no HTTP readiness probe");
        assertReported(rules.imagesNamed(OverlaysTest.PLACEHOLDER_IMAGES),
                "Deployment merge-service container merge-service: image chant/merge-service is the base's placeholder");
    }

    @Test
    void misspelledFieldsAreReported() {
        assertReported(rules.noUnknownFields(), "Deployment agent-service.spec.template.spec.containers[0] has fields the API does not know: [readOnlyRootFileSystem]");
    }

    @Test
    void broadRbacAndClusterScopeAreReported() {
        assertReported(rules.namespacedOnly(), "ClusterRole everything is cluster-scoped");
        assertReported(rules.rbacMinimal(), "Role agent-service grants rbac.authorization.k8s.io/roles, which agent-service does not need");
    }

    @Test
    void aMissingDenyAllIsReported() {
        assertReported(rules.networkDeniedByDefault(), "no NetworkPolicy denies all ingress and egress of every pod");
    }

    private static void assertReported(List<String> broken, String expected) {
        List<String> matching = new ArrayList<>(broken.stream().filter(b -> b.startsWith(expected)).toList());
        assertTrue(!matching.isEmpty(), "expected a report starting with \"" + expected + "\"; got " + broken);
    }
}
