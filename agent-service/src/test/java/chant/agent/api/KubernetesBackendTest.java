package chant.agent.api;

import chant.agent.backend.kubernetes.KubernetesBackend;
import chant.agent.backend.kubernetes.RunJobs;
import chant.v1.FinishRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes backend against fabric8's mock API server (CRUD mode). The mock runs no pods, so each
 * test creates the pod the Job controller would and drives its phase and conditions, as the kubelet
 * would, and plays the runner over real gRPC where a runner would report. The test profile's lease is
 * 3 s, its retry backoff 1 s.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesBackendTest.Profile.class)
class KubernetesBackendTest extends RunApiTestBase {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chant.agent.backend", "kubernetes", "chant.agent.kubernetes.namespace", NS,
                    "chant.agent.kubernetes.provider-secret", "provider-keys",
                    "chant.agent.kubernetes.pending-timeout", "4s", "chant.agent.kubernetes.resync", "2s");
        }
    }

    static final String NS = "chant-runs";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @io.quarkus.test.kubernetes.client.KubernetesTestServer
    io.quarkus.test.kubernetes.client.KubernetesServer server;

    /** The service's own client, configured for the mock server. */
    @Inject
    KubernetesClient client;

    @Inject
    KubernetesBackend backend;

    private KubernetesClient client() {
        return client;
    }

    @AfterEach
    void started() {
        backend.start(); // a test that stopped it
    }

    private Job awaitJob(long runId, long epoch) {
        String name = RunJobs.jobName(runId, epoch);
        return await().atMost(DEADLINE).until(() -> client().batch().v1().jobs().inNamespace(NS).withName(name).get(),
                j -> j != null);
    }

    private Run awaitStatus(long runId, RunStatus status) {
        return await().atMost(DEADLINE).until(() -> get(runId), r -> r.getStatus() == status);
    }

    /** The pod the Job controller would make for {@code job}, in {@code phase}. */
    private Pod podOf(Job job, String phase) {
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-abcde").withNamespace(NS)
                .addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels(RunJobs.JOB_NAME, job.getMetadata().getName())
                .addToLabels("controller-uid", job.getMetadata().getUid() == null ? "uid" : job.getMetadata().getUid())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase(phase).endStatus().build();
        return client().pods().inNamespace(NS).resource(pod).create();
    }

    private void setPod(Pod pod, java.util.function.UnaryOperator<PodBuilder> change) {
        Pod current = client().pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        client().pods().inNamespace(NS).resource(change.apply(new PodBuilder(current)).build()).update();
    }

    private static PodBuilder exited(PodBuilder pod, String phase, int code) {
        return pod.editStatus().withPhase(phase).withContainerStatuses(new ContainerStatusBuilder()
                .withName(RunJobs.CONTAINER).withNewState().withNewTerminated().withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error").endTerminated().endState().build()).endStatus();
    }

    @Test
    void aClaimedRunBecomesOneHardenedJobWithItsTokenInAnOwnedSecret() {
        Run run = enqueue(newProject(), "s-1", r -> r.setTimeoutSeconds(600));
        assertEquals("kubernetes", run.getBackend());
        Job job = awaitJob(run.getId(), 1);
        assertEquals(1, client().batch().v1().jobs().inNamespace(NS).withLabel(RunJobs.RUN, String.valueOf(run.getId()))
                .list().getItems().size());
        var spec = job.getSpec();
        assertEquals(0, spec.getBackoffLimit());
        assertEquals(600L, spec.getActiveDeadlineSeconds());
        assertEquals(3600, spec.getTtlSecondsAfterFinished());
        List<PodFailurePolicyRule> rules = spec.getPodFailurePolicy().getRules();
        assertEquals("FailJob", rules.get(0).getAction());
        assertEquals(List.of(2, 4), rules.get(0).getOnExitCodes().getValues());
        assertEquals("Ignore", rules.get(1).getAction());
        assertEquals("DisruptionTarget", rules.get(1).getOnPodConditions().get(0).getType());
        assertEquals(String.valueOf(run.getId()), job.getMetadata().getLabels().get(RunJobs.RUN));
        assertEquals("1", job.getMetadata().getLabels().get(RunJobs.EPOCH));
        assertEquals(run.getProject(), job.getMetadata().getAnnotations().get(RunJobs.PROJECT));
        assertEquals("s-1", job.getMetadata().getAnnotations().get(RunJobs.SPEC));

        var pod = spec.getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertFalse(pod.getAutomountServiceAccountToken());
        PodSecurityContext podSecurity = pod.getSecurityContext();
        assertTrue(podSecurity.getRunAsNonRoot());
        assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType());
        Container runner = pod.getContainers().get(0);
        SecurityContext security = runner.getSecurityContext();
        assertTrue(security.getRunAsNonRoot());
        assertFalse(security.getAllowPrivilegeEscalation());
        assertTrue(security.getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertEquals("RuntimeDefault", security.getSeccompProfile().getType());
        assertEquals(List.of("/work", "/tmp"), runner.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        assertTrue(pod.getVolumes().stream().allMatch(v -> v.getEmptyDir() != null));
        assertEquals("chant.agent.runner.RunnerMain", runner.getCommand().get(runner.getCommand().size() - 1));
        assertEquals("provider-keys", runner.getEnvFrom().get(0).getSecretRef().getName());

        // The token: only by secretKeyRef, from a Secret the Job owns; nowhere in the Job's values or arguments.
        EnvVar token = runner.getEnv().stream().filter(e -> e.getName().equals("CHANT_RUN_TOKEN")).findFirst().orElseThrow();
        assertNull(token.getValue());
        assertEquals(RunJobs.secretName(run.getId(), 1), token.getValueFrom().getSecretKeyRef().getName());
        String value = token(run.getId(), 1);
        Secret secret = client().secrets().inNamespace(NS).withName(RunJobs.secretName(run.getId(), 1)).get();
        assertEquals(job.getMetadata().getName(), secret.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("Job", secret.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(job.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid());
        assertTrue(value.length() > 20);
        String jobText = io.fabric8.kubernetes.client.utils.Serialization.asJson(job);
        assertFalse(jobText.contains(value), "the run's token is in the Job");
    }

    @Test
    void aVerifyRunsJobGetsNoProviderKeys() {
        String project = newProject();
        Run run = chant.support.testing.GrpcAssertions.withToken(runs,
                chant.support.testing.TestTokens.shared().service("merge-service")).enqueueRun(
                chant.v1.EnqueueRunRequest.newBuilder().setProject(project).setSpecId("s-1")
                        .setKind(chant.v1.RunKind.RUN_KIND_VERIFY).setTimeoutSeconds(400)
                        .setVerify(chant.v1.VerifyTask.newBuilder().setCommit("a".repeat(40))
                                .setRef("refs/chant/verify/1-0").addCommand("make").addCommand("test")
                                .setTimeoutSeconds(100)).build()).getRun();
        Job job = awaitJob(run.getId(), 1);
        Container runner = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(runner.getEnvFrom().isEmpty(), "a verify run runs a command, no agent: no provider keys "
                + runner.getEnvFrom());
        assertEquals(400L, job.getSpec().getActiveDeadlineSeconds());
        assertNotNull(runner.getEnv().stream().filter(e -> e.getName().equals("CHANT_RUN_TOKEN")).findFirst()
                .orElse(null), "its runner still reports with the run's token");
    }

    @Test
    void aRunnerThatReportsDecidesTheRunAndItsSucceededPodChangesNothing() {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        Pod pod = podOf(job, "Running");
        runnerOf(run.getId()).heartbeat(HeartbeatRequest.newBuilder().setRunId(run.getId()).setEpoch(1)
                .setStatus(RunStatus.RUN_STATUS_RUNNING).build());
        finish(run.getId(), 1, RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");
        setPod(pod, p -> exited(p, "Succeeded", 0));
        Run done = awaitStatus(run.getId(), RunStatus.RUN_STATUS_SUCCEEDED);
        assertEquals(1, done.getAttempt());
        assertEquals("done", done.getEndReason());
    }

    @Test
    void aPodThatFailsWithoutItsRunnerReportingIsRetriedAndANotRetryableExitFails() {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        Pod pod = podOf(job, "Running");
        String token = token(run.getId(), 1);
        // The mock serves no logs of its own: this is what the kubelet would hand out for the pod.
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod.getMetadata().getName()
                + "/log?pretty=false&tailLines=50").andReturn(200, "chant runner: connecting with " + token
                + "\nException: agent-service unreachable\n").always();
        setPod(pod, p -> exited(p, "Failed", 1));
        Run again = await().atMost(DEADLINE).until(() -> get(run.getId()), r -> r.getAttempt() == 2);
        assertTrue(again.getRetryReason().contains("failed with exit code 1"), again.getRetryReason());
        String log = logText(run.getId());
        assertTrue(log.contains("chant: the runner could not report; the last lines of its pod "
                + pod.getMetadata().getName()), log);
        assertTrue(log.contains("Exception: agent-service unreachable"), log);
        assertTrue(log.contains("connecting with [redacted]"), log);
        assertFalse(log.contains(token), "the run's token is in its log");

        Job second = awaitJob(run.getId(), 2);
        Pod secondPod = podOf(second, "Running");
        setPod(secondPod, p -> exited(p, "Failed", 2));
        Run failed = awaitStatus(run.getId(), RunStatus.RUN_STATUS_FAILED);
        assertTrue(failed.getEndReason().contains("exit code 2"), failed.getEndReason());
        assertTrue(failed.getEndReason().contains("could not work the run as started"), failed.getEndReason());
    }

    @Test
    void anEvictedPodIsLostAndTheRunRetriedInANewJob() {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        Pod pod = podOf(job, "Running");
        setPod(pod, p -> p.editStatus().withPhase("Failed").addNewCondition().withType("DisruptionTarget")
                .withStatus("True").withReason("EvictionByEvictionAPI").withMessage("Eviction API: evicting")
                .endCondition().endStatus());
        Run again = await().atMost(DEADLINE).until(() -> get(run.getId()), r -> r.getAttempt() == 2);
        assertTrue(again.getRetryReason().contains("was lost"), again.getRetryReason());
        assertTrue(again.getRetryReason().contains("EvictionByEvictionAPI"), again.getRetryReason());
        await().atMost(DEADLINE).until(() -> client().batch().v1().jobs().inNamespace(NS)
                .withName(job.getMetadata().getName()).get() == null);
        awaitJob(run.getId(), 2);
    }

    @Test
    void aJobAtItsDeadlineTimesTheRunOut() {
        Run run = enqueue(newProject(), "s-1", r -> r.setTimeoutSeconds(600));
        Job job = awaitJob(run.getId(), 1);
        podOf(job, "Running");
        client().batch().v1().jobs().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(
                client().batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get())
                .withStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder().withType("Failed")
                        .withStatus("True").withReason("DeadlineExceeded").withMessage("Job was active longer than"
                                + " specified deadline").build()).build()).build()).update();
        Run timedOut = awaitStatus(run.getId(), RunStatus.RUN_STATUS_TIMED_OUT);
        assertTrue(timedOut.getEndReason().contains("timeout of 600 s"), timedOut.getEndReason());
        assertTrue(timedOut.getEndReason().contains("stopped at its deadline"), timedOut.getEndReason());
    }

    @Test
    void aJobDeletedBehindItsBackIsLostAndRetried() {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        podOf(job, "Running");
        client().batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).delete();
        Run again = await().atMost(DEADLINE).until(() -> get(run.getId()), r -> r.getAttempt() == 2);
        assertTrue(again.getRetryReason().contains("its Job was deleted"), again.getRetryReason());
        awaitJob(run.getId(), 2);
    }

    @Test
    void cancellingDeletesTheJob() throws InterruptedException {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        podOf(job, "Running");
        runs.cancelRun(chant.v1.CancelRunRequest.newBuilder().setRunId(run.getId()).build());
        Run cancelled = awaitStatus(run.getId(), RunStatus.RUN_STATUS_CANCELLED);
        assertTrue(cancelled.getEndReason().startsWith("cancelled by "), cancelled.getEndReason());
        await().atMost(DEADLINE).until(() -> client().batch().v1().jobs().inNamespace(NS)
                .withName(job.getMetadata().getName()).get() == null);
        List<String> deletions = deletionsOf(job.getMetadata().getName());
        assertFalse(deletions.isEmpty());
        assertTrue(deletions.stream().allMatch(b -> b.contains("\"propagationPolicy\":\"Foreground\"")), deletions.toString());
    }

    @Test
    void aPodThatCannotPullItsImageFailsTheRunAfterThePendingTimeout() {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        Pod pod = podOf(job, "Pending");
        setPod(pod, p -> p.editStatus().withContainerStatuses(new ContainerStatusBuilder().withName(RunJobs.CONTAINER)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"chant/agent-service:nope\"").endWaiting().endState().build())
                .endStatus());
        // Held while pending (the 3 s lease is renewed by the backend), failed once the 4 s pending timeout passed.
        Run failed = awaitStatus(run.getId(), RunStatus.RUN_STATUS_FAILED);
        assertEquals(1, failed.getAttempt());
        assertTrue(failed.getEndReason().contains("did not start within 4 s: ImagePullBackOff"), failed.getEndReason());
        await().atMost(DEADLINE).until(() -> client().batch().v1().jobs().inNamespace(NS)
                .withName(job.getMetadata().getName()).get() == null);
    }

    @Test
    void aRestartedBackendPicksUpItsJobsWithoutMakingThemAgain() {
        Run run = enqueue(newProject(), "s-1");
        Job job = awaitJob(run.getId(), 1);
        Pod pod = podOf(job, "Running");
        backend.stop();
        setPod(pod, p -> exited(p, "Failed", 1)); // while nobody watches
        backend.start();
        Run again = await().atMost(DEADLINE).until(() -> get(run.getId()), r -> r.getAttempt() == 2);
        assertTrue(again.getRetryReason().contains("exit code 1"), again.getRetryReason());
        awaitJob(run.getId(), 2);
        assertEquals(1, client().batch().v1().jobs().inNamespace(NS).withLabel(RunJobs.RUN, String.valueOf(run.getId()))
                .withLabel(RunJobs.EPOCH, "1").list().getItems().size());
        assertEquals(1, client().batch().v1().jobs().inNamespace(NS).withLabel(RunJobs.RUN, String.valueOf(run.getId()))
                .withLabel(RunJobs.EPOCH, "2").list().getItems().size());
    }

    /** The run's token from its Secret, once the Secret is owned by its Job. */
    private String token(long runId, long epoch) {
        Secret secret = await().atMost(DEADLINE).until(() -> client().secrets().inNamespace(NS)
                .withName(RunJobs.secretName(runId, epoch)).get(),
                s -> s != null && !s.getMetadata().getOwnerReferences().isEmpty());
        return secret.getData() != null && secret.getData().get(RunJobs.TOKEN_KEY) != null
                ? new String(Base64.getDecoder().decode(secret.getData().get(RunJobs.TOKEN_KEY)), StandardCharsets.UTF_8)
                : secret.getStringData().get(RunJobs.TOKEN_KEY);
    }

    /** The DELETE requests the mock server received for the Job (every recorded request is taken). */
    private List<String> deletionsOf(String jobName) throws InterruptedException {
        List<String> bodies = new java.util.ArrayList<>();
        io.fabric8.mockwebserver.http.RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            if ("DELETE".equals(request.getMethod()) && request.getPath().startsWith("/apis/batch/v1/namespaces/" + NS
                    + "/jobs/" + jobName)) {
                bodies.add(request.getUtf8Body());
            }
        }
        return bodies;
    }

    @Test
    void aTokenSecretThatNoJobOwnsIsRemoved() {
        // What a service killed between making a run's Secret and its Job leaves behind.
        Secret orphan = new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName(RunJobs.secretName(999_999, 1)).withNamespace(NS)
                .addToLabels(RunJobs.MANAGED_BY, RunJobs.MANAGER).addToLabels(RunJobs.RUN, "999999").endMetadata()
                .addToStringData(RunJobs.TOKEN_KEY, "a-run-token").build();
        client().secrets().inNamespace(NS).resource(orphan).create();
        Secret unrelated = new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("someone-elses-token").withNamespace(NS).endMetadata()
                .addToStringData("token", "x").build();
        client().secrets().inNamespace(NS).resource(unrelated).create();
        await().atMost(DEADLINE).until(() -> client().secrets().inNamespace(NS)
                .withName(orphan.getMetadata().getName()).get() == null);
        assertNotNull(client().secrets().inNamespace(NS).withName("someone-elses-token").get());
    }

    private String logText(long runId) {
        StringBuilder text = new StringBuilder();
        runs.followLog(chant.v1.FollowLogRequest.newBuilder().setRunId(runId).setFollow(false).build())
                .forEachRemaining(c -> text.append(c.getData().toString(StandardCharsets.UTF_8)));
        return text.toString();
    }
}
