package chant.agent.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a run's Job and its pods say about the attempt, read from the cluster's objects alone (no
 * database, no clock but the one given): the service decides what to do with the run from it
 * ({@code KubernetesBackend}). The runner's own reports stay the source of truth; this only matters
 * for an attempt whose runner could not report.
 */
public record JobState(Kind kind, String reason, Integer exitCode, String podName) {

    public enum Kind {
        /** No pod has started yet, and not for too long: the service holds the lease meanwhile. */
        PENDING,
        /** The pod could not start for longer than the pending timeout, for a reason retrying will not change. */
        PENDING_FAILED,
        /** The pod could not start for longer than the pending timeout (no capacity, ...): lost, retried. */
        PENDING_LOST,
        RUNNING,
        /** The runner exited 0: it reported the run's end. */
        SUCCEEDED,
        /** The runner's pod failed with {@link #exitCode()} (null when no container status says). */
        FAILED,
        /** The pod was disrupted (evicted, preempted, its node drained): lost, retried. */
        EVICTED,
        /** The Job reached its {@code activeDeadlineSeconds}. */
        DEADLINE,
        /** The Job is gone, and its run's pods with it. */
        GONE
    }

    /** Container waiting reasons that a new attempt with the same image and settings would meet again. */
    static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError");

    static JobState of(Kind kind, String reason) {
        return new JobState(kind, reason, null, null);
    }

    /** The state of {@code job} (null: deleted) with {@code pods}, at {@code now}. */
    public static JobState read(Job job, List<Pod> pods, Instant now, Duration pendingTimeout) {
        if (job == null) {
            return of(Kind.GONE, "its Job was deleted");
        }
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent() && "DeadlineExceeded".equals(failed.get().getReason())) {
            return of(Kind.DEADLINE, "the Job was stopped at its deadline (" + job.getSpec().getActiveDeadlineSeconds()
                    + " s)");
        }
        List<Pod> sorted = pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        for (Pod pod : sorted) {
            Optional<PodCondition> disrupted = podCondition(pod, "DisruptionTarget");
            if (disrupted.isPresent()) {
                return new JobState(Kind.EVICTED, "its pod " + pod.getMetadata().getName() + " was disrupted ("
                        + text(disrupted.get().getReason(), "no reason") + ": " + text(disrupted.get().getMessage(), "")
                        + ")", null, pod.getMetadata().getName());
            }
        }
        for (Pod pod : sorted) {
            if ("Failed".equals(phase(pod))) {
                Integer code = terminated(pod).map(ContainerStateTerminated::getExitCode).orElse(null);
                String why = terminated(pod).map(t -> text(t.getReason(), "")).filter(r -> !r.isEmpty())
                        .or(() -> Optional.ofNullable(pod.getStatus().getReason())).orElse("");
                return new JobState(Kind.FAILED, "its pod " + pod.getMetadata().getName() + " failed"
                        + (code == null ? "" : " with exit code " + code) + (why.isEmpty() ? "" : " (" + why + ")"),
                        code, pod.getMetadata().getName());
            }
        }
        for (Pod pod : sorted) {
            if ("Succeeded".equals(phase(pod))) {
                return new JobState(Kind.SUCCEEDED, "its pod " + pod.getMetadata().getName() + " succeeded", 0,
                        pod.getMetadata().getName());
            }
        }
        if (condition(job, "Complete").isPresent()) {
            return of(Kind.SUCCEEDED, "its Job completed");
        }
        for (Pod pod : sorted) {
            if ("Running".equals(phase(pod))) {
                return new JobState(Kind.RUNNING, "its pod " + pod.getMetadata().getName() + " runs", null,
                        pod.getMetadata().getName());
            }
        }
        if (failed.isPresent()) {
            return of(Kind.FAILED, "its Job failed (" + text(failed.get().getReason(), "no reason") + ": "
                    + text(failed.get().getMessage(), "") + ")");
        }
        Instant created = created(job).orElse(now);
        Duration pending = Duration.between(created, now);
        if (pending.compareTo(pendingTimeout) <= 0) {
            return of(Kind.PENDING, "its pod has not started yet");
        }
        String waited = "its pod did not start within " + pendingTimeout.toSeconds() + " s";
        for (Pod pod : sorted) {
            for (ContainerStatus status : containerStatuses(pod)) {
                if (status.getState() != null && status.getState().getWaiting() != null) {
                    String reason = text(status.getState().getWaiting().getReason(), "");
                    String message = text(status.getState().getWaiting().getMessage(), "");
                    return new JobState(FATAL_WAITING.contains(reason) ? Kind.PENDING_FAILED : Kind.PENDING_LOST,
                            waited + ": " + reason + (message.isEmpty() ? "" : ": " + message), null,
                            pod.getMetadata().getName());
                }
            }
            Optional<PodCondition> scheduled = podCondition(pod, "PodScheduled", "False");
            if (scheduled.isPresent()) {
                return new JobState(Kind.PENDING_LOST, waited + ": " + text(scheduled.get().getReason(), "not scheduled")
                        + ": " + text(scheduled.get().getMessage(), ""), null, pod.getMetadata().getName());
            }
        }
        return of(Kind.PENDING_LOST, waited + (sorted.isEmpty() ? ": no pod was created" : ""));
    }

    static Optional<Instant> created(Job job) {
        try {
            return Optional.ofNullable(job.getMetadata().getCreationTimestamp()).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static Optional<PodCondition> podCondition(Pod pod, String type) {
        return podCondition(pod, type, "True");
    }

    private static Optional<PodCondition> podCondition(Pod pod, String type, String status) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus())).findFirst();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        return containerStatuses(pod).stream().filter(s -> RunJobs.CONTAINER.equals(s.getName()))
                .map(s -> s.getState() == null ? null : s.getState().getTerminated())
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private static String text(String s, String orElse) {
        return s == null || s.isBlank() ? orElse : s;
    }
}
