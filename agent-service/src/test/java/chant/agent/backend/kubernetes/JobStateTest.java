package chant.agent.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Job and its pods say about an attempt ({@link JobState}), without a cluster. */
class JobStateTest {

    private static final Instant CREATED = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration PENDING = Duration.ofMinutes(5);

    private static Job job() {
        return new JobBuilder().withNewMetadata().withName("chant-run-7-1").withCreationTimestamp(CREATED.toString())
                .endMetadata().withNewSpec().withActiveDeadlineSeconds(600L).endSpec().build();
    }

    private static Pod pod(String phase) {
        return new PodBuilder().withNewMetadata().withName("chant-run-7-1-x").endMetadata().withNewStatus()
                .withPhase(phase).endStatus().build();
    }

    private static Pod exited(String phase, int code) {
        return new PodBuilder(pod(phase)).editStatus().withContainerStatuses(new ContainerStatusBuilder()
                .withName(RunJobs.CONTAINER).withNewState().withNewTerminated().withExitCode(code).withReason("Error")
                .endTerminated().endState().build()).endStatus().build();
    }

    private static JobState read(Job job, List<Pod> pods, Duration after) {
        return JobState.read(job, pods, CREATED.plus(after), PENDING);
    }

    @Test
    void aJobWithoutAStartedPodIsPendingUntilThePendingTimeout() {
        assertEquals(JobState.Kind.PENDING, read(job(), List.of(), Duration.ofMinutes(1)).kind());
        assertEquals(JobState.Kind.PENDING, read(job(), List.of(pod("Pending")), Duration.ofMinutes(5)).kind());
        JobState lost = read(job(), List.of(), Duration.ofMinutes(6));
        assertEquals(JobState.Kind.PENDING_LOST, lost.kind());
        assertTrue(lost.reason().contains("no pod was created"), lost.reason());
    }

    @Test
    void anImageThatCannotBePulledFailsButNoCapacityIsLost() {
        Pod pulling = new PodBuilder(pod("Pending")).editStatus().withContainerStatuses(new ContainerStatusBuilder()
                .withName(RunJobs.CONTAINER).withNewState().withNewWaiting().withReason("ErrImagePull")
                .withMessage("not found").endWaiting().endState().build()).endStatus().build();
        JobState failed = read(job(), List.of(pulling), Duration.ofMinutes(6));
        assertEquals(JobState.Kind.PENDING_FAILED, failed.kind());
        assertTrue(failed.reason().endsWith("ErrImagePull: not found"), failed.reason());
        Pod unschedulable = new PodBuilder(pod("Pending")).editStatus().addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available")
                .endCondition().endStatus().build();
        JobState lost = read(job(), List.of(unschedulable), Duration.ofMinutes(6));
        assertEquals(JobState.Kind.PENDING_LOST, lost.kind());
        assertTrue(lost.reason().contains("Unschedulable: 0/3 nodes are available"), lost.reason());
    }

    @Test
    void podPhasesAndExitCodes() {
        assertEquals(JobState.Kind.RUNNING, read(job(), List.of(pod("Running")), Duration.ofHours(1)).kind());
        assertEquals(JobState.Kind.SUCCEEDED, read(job(), List.of(exited("Succeeded", 0)), Duration.ZERO).kind());
        JobState failed = read(job(), List.of(exited("Failed", 2)), Duration.ZERO);
        assertEquals(JobState.Kind.FAILED, failed.kind());
        assertEquals(2, failed.exitCode());
        assertEquals("chant-run-7-1-x", failed.podName());
    }

    @Test
    void aDisruptionWinsOverTheFailureItCausedAndTheDeadlineOverEverything() {
        Pod evicted = new PodBuilder(exited("Failed", 137)).editStatus().addNewCondition().withType("DisruptionTarget")
                .withStatus("True").withReason("PreemptionByScheduler").endCondition().endStatus().build();
        assertEquals(JobState.Kind.EVICTED, read(job(), List.of(evicted), Duration.ZERO).kind());
        Job deadline = new JobBuilder(job()).withNewStatus().addNewCondition().withType("Failed").withStatus("True")
                .withReason("DeadlineExceeded").endCondition().endStatus().build();
        assertEquals(JobState.Kind.DEADLINE, read(deadline, List.of(evicted), Duration.ZERO).kind());
        assertEquals(JobState.Kind.GONE, read(null, List.of(), Duration.ZERO).kind());
    }
}
