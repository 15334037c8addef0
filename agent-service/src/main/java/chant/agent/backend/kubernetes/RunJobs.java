package chant.agent.backend.kubernetes;

import chant.agent.runner.Runner;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a claimed run becomes in the cluster: one batch/v1 Job running the same runner as the local
 * backend ({@code chant.agent.runner.RunnerMain}), and one Secret holding the run's token for it.
 *
 * <p>The Job is named from the run and its lease's epoch, which grows with every claim, so creating
 * it again (a retried request, a second replica) finds it there instead of starting a second pod. The
 * service owns retries: {@code backoffLimit: 0}, and the {@code podFailurePolicy} fails the Job at once
 * when the runner says another pod would not help ({@link Runner#NOT_RETRYABLE}, {@link Runner#LEASE_LOST})
 * and ignores disruptions (an evicted pod is not the agent's failure; the service ends the attempt as
 * lost, deletes the Job and queues the run again). The token never appears in the Job: the runner's
 * {@code CHANT_RUN_TOKEN} comes from the Secret by {@code secretKeyRef}.
 */
public final class RunJobs {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "chant-agent-service";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String RUN = "chant.dev/run";
    public static final String EPOCH = "chant.dev/epoch";
    public static final String ATTEMPT = "chant.dev/attempt";
    public static final String PROJECT = "chant.dev/project";
    public static final String SPEC = "chant.dev/spec";
    /** The Job controller's label on a Job's pods. */
    public static final String JOB_NAME = "job-name";
    public static final String CONTAINER = "runner";
    public static final String TOKEN_KEY = "token";
    static final String MAIN_CLASS = "chant.agent.runner.RunnerMain";
    static final String WORK = "/work";

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private RunJobs() {
    }

    /** The run's Job name for the lease of {@code epoch}. */
    public static String jobName(long runId, long epoch) {
        return "chant-run-" + runId + "-" + epoch;
    }

    public static String secretName(long runId, long epoch) {
        return jobName(runId, epoch) + "-token";
    }

    /**
     * What a run's Job needs to know of the run; {@code runsAnAgent} is false for a verify run, whose Job
     * gets no provider keys (it runs a command, never a model's agent).
     */
    public record RunJob(long runId, long epoch, int attempt, String project, String specId, int timeoutSeconds,
            int heartbeatSeconds, boolean runsAnAgent) {
    }

    /** The labels of the Job, its pods and its Secret: found again by these. */
    static Map<String, String> labels(RunJob run) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(COMPONENT, "agent-run");
        labels.put(RUN, String.valueOf(run.runId()));
        labels.put(EPOCH, String.valueOf(run.epoch()));
        labels.put(ATTEMPT, String.valueOf(run.attempt()));
        // Project and spec names need not be valid label values: they are labels only when they are, always annotations.
        if (LABEL_VALUE.matcher(run.project()).matches() && run.project().length() <= 63) {
            labels.put(PROJECT, run.project());
        }
        if (LABEL_VALUE.matcher(run.specId()).matches() && run.specId().length() <= 63) {
            labels.put(SPEC, run.specId());
        }
        return labels;
    }

    static Map<String, String> annotations(RunJob run) {
        return Map.of(PROJECT, run.project(), SPEC, run.specId(), RUN, String.valueOf(run.runId()),
                EPOCH, String.valueOf(run.epoch()));
    }

    /** The Secret holding the run's token; the Job becomes its owner once it exists ({@link #ownedBy}). */
    static Secret tokenSecret(RunJob run, String namespace, String token) {
        return new SecretBuilder()
                .withNewMetadata().withName(secretName(run.runId(), run.epoch())).withNamespace(namespace)
                .withLabels(labels(run)).withAnnotations(annotations(run)).endMetadata()
                .withType("Opaque").withImmutable(true)
                .addToStringData(TOKEN_KEY, token)
                .build();
    }

    /** The Secret with the Job as its owner: Kubernetes deletes it with the Job. */
    static Secret ownedBy(Secret secret, Job job) {
        return new SecretBuilder(secret).editMetadata().withOwnerReferences(new OwnerReferenceBuilder()
                .withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withBlockOwnerDeletion(true).withController(false).build())
                .endMetadata().build();
    }

    /** The run's Job. */
    static Job job(RunJob run, String namespace, KubernetesSettings settings) {
        Map<String, String> labels = labels(run);
        List<String> command = new ArrayList<>();
        command.add("java");
        String options = settings.jvmOptions == null ? "" : settings.jvmOptions.strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-cp", settings.classPath, MAIN_CLASS));
        List<EnvVar> env = new ArrayList<>(List.of(
                env("CHANT_RUNNER_RUN_ID", String.valueOf(run.runId())),
                env("CHANT_RUNNER_EPOCH", String.valueOf(run.epoch())),
                env("CHANT_RUNNER_HEARTBEAT_SECONDS", String.valueOf(run.heartbeatSeconds())),
                env("CHANT_RUNNER_AGENT_SERVER", settings.agentServer),
                env("CHANT_RUNNER_SPEC_SERVER", settings.specServer),
                env("CHANT_RUNNER_WORK_ROOT", WORK + "/runs"),
                env("HOME", "/tmp"),
                env("CHANT_AGENT_UNSANDBOXED", String.valueOf(settings.unsandboxed))));
        env.add(new EnvVarBuilder().withName("CHANT_RUN_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                .withName(secretName(run.runId(), run.epoch())).withKey(TOKEN_KEY).withOptional(false)
                .endSecretKeyRef().endValueFrom().build());
        List<EnvFromSource> envFrom = new ArrayList<>();
        settings.runnerConfigMap.filter(n -> !n.isBlank()).ifPresent(n -> envFrom.add(new EnvFromSourceBuilder()
                .withNewConfigMapRef().withName(n).withOptional(false).endConfigMapRef().build()));
        settings.providerSecret.filter(n -> !n.isBlank() && run.runsAnAgent()).ifPresent(n -> envFrom.add(new EnvFromSourceBuilder()
                .withNewSecretRef().withName(n).withOptional(false).endSecretRef().build()));
        SeccompProfile runtimeDefault = new SeccompProfile(null, "RuntimeDefault");
        return new JobBuilder()
                .withNewMetadata().withName(jobName(run.runId(), run.epoch())).withNamespace(namespace)
                .withLabels(labels).withAnnotations(annotations(run)).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds((long) run.timeoutSeconds())
                .withTtlSecondsAfterFinished((int) settings.ttlAfterFinished.toSeconds())
                .withNewPodFailurePolicy()
                .withRules(new PodFailurePolicyRuleBuilder().withAction("FailJob").withNewOnExitCodes()
                                .withContainerName(CONTAINER).withOperator("In")
                                .withValues(Runner.NOT_RETRYABLE, Runner.LEASE_LOST).endOnExitCodes().build(),
                        new PodFailurePolicyRuleBuilder().withAction("Ignore").addNewOnPodCondition()
                                .withType("DisruptionTarget").withStatus("True").endOnPodCondition().build())
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations(run)).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withServiceAccountName(settings.serviceAccount.filter(n -> !n.isBlank()).orElse(null))
                .withEnableServiceLinks(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1000L).withRunAsGroup(1000L)
                .withFsGroup(1000L).withSeccompProfile(runtimeDefault).endSecurityContext()
                .withContainers(new ContainerBuilder()
                        .withName(CONTAINER).withImage(settings.image).withImagePullPolicy(settings.imagePullPolicy)
                        .withCommand(command).withWorkingDir(WORK).withEnv(env).withEnvFrom(envFrom)
                        .withSecurityContext(new SecurityContextBuilder().withRunAsNonRoot(true)
                                .withAllowPrivilegeEscalation(false).withPrivileged(false)
                                .withReadOnlyRootFilesystem(true)
                                .withCapabilities(new Capabilities(null, List.of("ALL")))
                                .withSeccompProfile(runtimeDefault).build())
                        .withNewResources()
                        .addToRequests("cpu", new Quantity(settings.cpu)).addToRequests("memory", new Quantity(settings.memory))
                        .addToLimits("memory", new Quantity(settings.memory))
                        .endResources()
                        .addNewVolumeMount().withName("work").withMountPath(WORK).endVolumeMount()
                        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                        .build())
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
