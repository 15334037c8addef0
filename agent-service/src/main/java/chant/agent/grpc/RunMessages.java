package chant.agent.grpc;

import chant.agent.queue.Outcome;
import chant.agent.run.Run;
import chant.agent.run.RunStatus;
import chant.support.failure.InvalidRequestException;
import chant.support.grpc.EnumPair;
import chant.support.time.Timestamps;
import chant.v1.Lease;
import chant.v1.RunOutcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Translates runs between the domain and chant.v1. */
final class RunMessages {

    private RunMessages() {
    }

    static chant.v1.Run toProto(Run run) {
        chant.v1.Run.Builder b = chant.v1.Run.newBuilder()
                .setId(run.id)
                .setProject(run.project)
                .setSpecId(run.specId)
                .setPrompt(run.prompt)
                .setProvider(run.provider)
                .setModel(run.model)
                .setBackend(run.backend)
                .setStatus(toProto(run.status))
                .setAttempt(run.attempt)
                .setBaseCommit(run.baseCommit)
                .setHeadCommit(run.headCommit)
                .setCreateTime(Timestamps.toProto(run.createdAt))
                .setEndReason(run.endReason)
                .setRetryReason(run.retryReason)
                .setSpecDelivery(run.specDelivery)
                .setSpecStatusAfter(run.specStatusAfter)
                .setLogSize(run.logSize)
                .setTimeoutSeconds(run.timeoutSeconds)
                .setCancelRequested(run.cancelRequested)
                .setPauseRequested(run.pauseRequested)
                .setTakeover(run.takeover)
                .setKeptCheckout(run.keptCheckout == null ? "" : run.keptCheckout)
                .setCreatedBy(run.createdBy)
                .setNotBefore(Timestamps.toProto(run.notBefore))
                .setLeaseEpoch(run.leaseEpoch)
                .setKind(kind(run.runKind()))
                .setSplitPlan(run.splitPlan == null ? "" : run.splitPlan)
                .setTargetBranch(run.targetBranch == null ? "" : run.targetBranch);
        if (run.startedAt != null) {
            b.setStartTime(Timestamps.toProto(run.startedAt));
        }
        if (run.endedAt != null) {
            b.setEndTime(Timestamps.toProto(run.endedAt));
        }
        if (run.costUsd != null) {
            b.setCostUsd(run.costUsd.doubleValue());
        }
        if (run.inputTokens != null) {
            b.setInputTokens(run.inputTokens);
        }
        if (run.outputTokens != null) {
            b.setOutputTokens(run.outputTokens);
        }
        if (run.leaseOwner != null) {
            b.setRunnerId(run.leaseOwner);
        }
        if (run.leaseExpiresAt != null) {
            b.setLeaseExpireTime(Timestamps.toProto(run.leaseExpiresAt));
        }
        run.verifyTask().ifPresent(task -> b.setVerify(toProto(task)));
        run.verification().ifPresent(v -> b.setVerification(toProto(v)));
        return b.build();
    }

    static chant.v1.VerifyTask toProto(chant.agent.work.VerifyTask task) {
        return chant.v1.VerifyTask.newBuilder().setCommit(task.commit()).setRef(task.ref()).addAllCommand(task.command())
                .setTimeoutSeconds(task.timeoutSeconds()).build();
    }

    static chant.v1.RunVerification toProto(chant.support.verify.Verification v) {
        return chant.v1.RunVerification.newBuilder().setExitCode(v.exitCode()).setTimedOut(v.timedOut())
                .setOutputTail(v.outputTail()).setDurationMillis(v.duration().toMillis()).build();
    }

    /** A verify task as sent; empty when the request has none. */
    static java.util.Optional<chant.agent.work.VerifyTask> verifyTask(boolean present, chant.v1.VerifyTask task) {
        return present ? java.util.Optional.of(new chant.agent.work.VerifyTask(task.getCommit(), task.getRef(),
                task.getCommandList(), task.getTimeoutSeconds())) : java.util.Optional.empty();
    }

    /** What a runner reports of a verify command; empty when it reports none. */
    static java.util.Optional<chant.support.verify.Verification> verification(boolean present,
            chant.v1.RunVerification v, String commit) {
        return present ? java.util.Optional.of(new chant.support.verify.Verification(commit, v.getExitCode(),
                v.getTimedOut(), v.getOutputTail(), java.time.Duration.ofMillis(Math.max(0, v.getDurationMillis()))))
                : java.util.Optional.empty();
    }

    static chant.v1.KeptCheckout toProto(chant.agent.cleanup.KeptCheckout k) {
        return chant.v1.KeptCheckout.newBuilder().setId(k.id()).setPath(k.path().toString()).setProject(k.project())
                .setSpecId(k.specId()).setRunId(k.runId()).setKeptTime(Timestamps.toProto(k.keptAt()))
                .setSizeBytes(k.sizeBytes()).setBranch(k.branch()).setHeadCommit(k.headCommit())
                .setUncommittedFiles(k.uncommittedFiles()).setUnpushedCommits(k.unpushedCommits())
                .setSafeToRemove(k.safeToRemove()).setProblem(k.safeToRemove() ? "" : k.problem().isEmpty()
                        ? "removing it would lose " + k.loss() : k.problem())
                .build();
    }

    static chant.v1.RemovedCheckout toProto(chant.agent.cleanup.Removal r) {
        return chant.v1.RemovedCheckout.newBuilder().setId(r.id()).setRemoved(r.removed()).setDetail(r.detail())
                .setSizeBytes(r.sizeBytes()).build();
    }

    static chant.v1.RunKind kind(chant.agent.work.RunKind kind) {
        return switch (kind) {
            case SPLIT -> chant.v1.RunKind.RUN_KIND_SPLIT;
            case MERGE_CONFLICT -> chant.v1.RunKind.RUN_KIND_MERGE_CONFLICT;
            case VERIFY -> chant.v1.RunKind.RUN_KIND_VERIFY;
            case WORK -> chant.v1.RunKind.RUN_KIND_WORK;
        };
    }

    /** UNSPECIFIED is WORK; an unknown number is refused. */
    static chant.agent.work.RunKind kind(chant.v1.RunKind kind) {
        return switch (kind) {
            case RUN_KIND_UNSPECIFIED, RUN_KIND_WORK -> chant.agent.work.RunKind.WORK;
            case RUN_KIND_SPLIT -> chant.agent.work.RunKind.SPLIT;
            case RUN_KIND_MERGE_CONFLICT -> chant.agent.work.RunKind.MERGE_CONFLICT;
            case RUN_KIND_VERIFY -> chant.agent.work.RunKind.VERIFY;
            default -> throw new InvalidRequestException("kind " + kind + " is not a run kind: use WORK, SPLIT,"
                    + " MERGE_CONFLICT or VERIFY");
        };
    }

    static Lease lease(Run run, int heartbeatSeconds) {
        Lease.Builder lease = Lease.newBuilder().setEpoch(run.leaseEpoch).setHeartbeatIntervalSeconds(heartbeatSeconds);
        if (run.leaseExpiresAt != null) {
            lease.setExpireTime(Timestamps.toProto(run.leaseExpiresAt));
        }
        return lease.build();
    }

    static final EnumPair<chant.v1.RunStatus, RunStatus> STATUS =
            new EnumPair<>(chant.v1.RunStatus.class, RunStatus.class, "RUN_STATUS_", "status");
    static final EnumPair<RunOutcome, Outcome> OUTCOME =
            new EnumPair<>(RunOutcome.class, Outcome.class, "RUN_OUTCOME_", "outcome");

    static chant.v1.RunStatus toProto(RunStatus status) {
        return STATUS.toProto(status);
    }

    /** The domain status; null for UNSPECIFIED. */
    static RunStatus fromProto(chant.v1.RunStatus status, String field) {
        return new EnumPair<>(chant.v1.RunStatus.class, RunStatus.class, "RUN_STATUS_", field).toDomain(status);
    }

    static Set<RunStatus> statuses(List<chant.v1.RunStatus> statuses) {
        Set<RunStatus> result = EnumSet.noneOf(RunStatus.class);
        for (chant.v1.RunStatus s : statuses) {
            RunStatus status = fromProto(s, "statuses");
            if (status == null) {
                throw new InvalidRequestException("statuses may not hold RUN_STATUS_UNSPECIFIED: name the statuses to list");
            }
            result.add(status);
        }
        return result;
    }

    /** The domain outcome; null for UNSPECIFIED (refused by the queue). */
    static Outcome fromProto(RunOutcome outcome) {
        return OUTCOME.toDomain(outcome);
    }

    static final EnumPair<chant.v1.SpecEnd, chant.agent.work.SpecEnd> SPEC_END =
            new EnumPair<>(chant.v1.SpecEnd.class, chant.agent.work.SpecEnd.class, "SPEC_END_", "spec_result.end");

    /** A runner's result for its spec; the project and spec are the run's, filled in when the run is known. */
    static chant.agent.work.SpecResult fromProto(long runId, chant.v1.RunSpecResult r) {
        chant.agent.work.SpecEnd end = SPEC_END.toDomain(r.getEnd());
        if (end == null) {
            throw new chant.support.failure.InvalidRequestException(
                    "spec_result.end is required: completed, failed, needs_attention or paused");
        }
        return new chant.agent.work.SpecResult(runId, "", "", r.hasBody() ? r.getBody() : null, r.getCommitsList(),
                r.getBranch(), r.getCompletedAt(), r.getModel(), end, r.getReason());
    }

    static chant.v1.RunSpecResult toProto(chant.agent.work.SpecResult r) {
        chant.v1.RunSpecResult.Builder b = chant.v1.RunSpecResult.newBuilder().addAllCommits(r.commits())
                .setBranch(r.branch()).setCompletedAt(r.completedAt()).setModel(r.model())
                .setEnd(SPEC_END.toProto(r.end())).setReason(r.reason());
        if (r.body() != null) {
            b.setBody(r.body());
        }
        return b.build();
    }
}
