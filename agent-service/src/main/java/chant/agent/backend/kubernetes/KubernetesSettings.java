package chant.agent.backend.kubernetes;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Kubernetes backend's settings (docs/agent-service.md, "The Kubernetes backend"); a singleton, read by field (no proxy). */
@Singleton
public class KubernetesSettings {

    /** Where the Jobs go; empty: the namespace of the client's configuration (the pod's own, in a cluster). */
    @ConfigProperty(name = "chant.agent.kubernetes.namespace")
    Optional<String> namespace;

    /** The agent image: agent-service's own classes and libraries, so it holds RunnerMain. */
    @ConfigProperty(name = "chant.agent.kubernetes.image", defaultValue = "chant/agent-service:0.1.0-SNAPSHOT")
    String image;

    @ConfigProperty(name = "chant.agent.kubernetes.image-pull-policy", defaultValue = "IfNotPresent")
    String imagePullPolicy;

    /** The runner's class path inside the image (java expands the {@code *}; no shell is involved). */
    @ConfigProperty(name = "chant.agent.kubernetes.runner-class-path",
            defaultValue = "/deployments/app/*:/deployments/lib/main/*:/deployments/lib/boot/*")
    String classPath;

    @ConfigProperty(name = "chant.agent.runner-jvm-options", defaultValue = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
    String jvmOptions;

    /** agent-service as the runner's pod reaches it (the Service's name). */
    @ConfigProperty(name = "chant.agent.kubernetes.agent-server", defaultValue = "agent-service:8182")
    String agentServer;

    /** spec-service as the runner's pod reaches it. */
    @ConfigProperty(name = "chant.agent.kubernetes.spec-server", defaultValue = "spec-service:8181")
    String specServer;

    /** A Secret whose keys become the runner's environment (CHANT_ANTHROPIC_API_KEY, CHANT_OPENAI_API_KEY, ...). */
    @ConfigProperty(name = "chant.agent.kubernetes.provider-secret")
    Optional<String> providerSecret;

    /** A ConfigMap whose keys become the runner's environment (the providers' other settings). */
    @ConfigProperty(name = "chant.agent.kubernetes.runner-config-map")
    Optional<String> runnerConfigMap;

    @ConfigProperty(name = "chant.agent.kubernetes.service-account")
    Optional<String> serviceAccount;

    /**
     * Agents run without bubblewrap inside the runner's pod: the pod is their confinement. bwrap needs
     * user namespaces, which the restricted profile's RuntimeDefault seccomp refuses in most clusters.
     */
    @ConfigProperty(name = "chant.agent.kubernetes.unsandboxed", defaultValue = "true")
    boolean unsandboxed;

    /** How long a Job's pod may stay unstarted (image pull, no capacity) before the attempt is given up. */
    @ConfigProperty(name = "chant.agent.kubernetes.pending-timeout", defaultValue = "5m")
    Duration pendingTimeout;

    /** How long an ended Job (and its pod, for its log) stays before Kubernetes removes it. */
    @ConfigProperty(name = "chant.agent.kubernetes.ttl-after-finished", defaultValue = "1h")
    Duration ttlAfterFinished;

    /** How often the informers hand every Job and pod over again (the watch's safety net). */
    @ConfigProperty(name = "chant.agent.kubernetes.resync", defaultValue = "30s")
    Duration resync;

    @ConfigProperty(name = "chant.agent.kubernetes.cpu", defaultValue = "1")
    String cpu;

    @ConfigProperty(name = "chant.agent.kubernetes.memory", defaultValue = "1Gi")
    String memory;

    /** How many lines of a pod's log are kept in the run's log when its runner could not report. */
    @ConfigProperty(name = "chant.agent.kubernetes.pod-log-lines", defaultValue = "50")
    int podLogLines;
}
