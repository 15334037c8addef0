package chant.merge.grpc;

import chant.merge.git.Strategy;
import chant.merge.request.MergeItem;
import chant.merge.request.MergeRequest;
import chant.merge.request.MergeStatus;
import chant.merge.request.MergeView;
import chant.merge.request.Outcome;
import chant.support.failure.InvalidRequestException;
import chant.support.time.Timestamps;
import chant.v1.MergeOutcome;
import chant.v1.MergeStrategy;
import java.util.List;

/** Translates merge requests between the domain and chant.v1 messages. */
final class MergeMessages {

    private MergeMessages() {
    }

    static chant.v1.MergeRequest toProto(MergeView view) {
        MergeRequest r = view.request();
        chant.v1.MergeRequest.Builder b = chant.v1.MergeRequest.newBuilder()
                .setId(r.id)
                .setProject(r.project)
                .setTargetBranch(r.targetBranch)
                .setStrategy(toProto(r.strategy))
                .setDryRun(r.dryRun)
                .setDeleteBranch(r.deleteBranch)
                .setContinueOnError(r.continueOnError)
                .setStatus(chant.v1.MergeStatus.valueOf("MERGE_STATUS_" + r.status.name()))
                .setRequestedBy(r.requestedBy)
                .setCreateTime(Timestamps.toProto(r.createdAt))
                .setKind(chant.v1.MergeRequestKind.valueOf("MERGE_REQUEST_KIND_" + r.kind.name()))
                .setForce(r.force)
                .setArchiveFolder(r.archiveFolder)
                .setResolve(r.resolve);
        if (r.endedAt != null) {
            b.setEndTime(Timestamps.toProto(r.endedAt));
        }
        view.items().forEach(i -> b.addItems(toProto(i)));
        return b.build();
    }

    static chant.v1.MergeItem toProto(MergeItem i) {
        chant.v1.MergeItem.Builder b = chant.v1.MergeItem.newBuilder()
                .setSpecId(i.specId)
                .setBranch(i.branch)
                .setOutcome(toProto(i.outcome))
                .setReason(i.reason)
                .addAllConflictFiles(i.conflicts())
                .setMergeCommit(i.mergeCommit)
                .setTargetBefore(i.targetBefore)
                .setTargetAfter(i.targetAfter)
                .setResolveRunId(i.resolveRunId == null ? 0 : i.resolveRunId)
                .setResolveAttempts(i.resolveAttempts);
        if (i.endedAt != null) {
            b.setEndTime(Timestamps.toProto(i.endedAt));
        }
        if (!i.verifyCommit.isEmpty()) {
            b.setVerify(chant.v1.VerifyResult.newBuilder().setCommit(i.verifyCommit).setExitCode(i.verifyExitCode)
                    .setTimedOut(i.verifyTimedOut).setOutputTail(i.verifyOutput).setDurationMs(i.verifyDurationMs));
        }
        return b.build();
    }

    static MergeOutcome toProto(Outcome o) {
        return MergeOutcome.valueOf("MERGE_OUTCOME_" + o.name());
    }

    static MergeStrategy toProto(Strategy s) {
        return MergeStrategy.valueOf("MERGE_STRATEGY_" + s.name());
    }

    static Strategy strategy(MergeStrategy s) {
        if (s == MergeStrategy.UNRECOGNIZED) {
            throw new InvalidRequestException("strategy is not a known strategy: use auto, fast_forward, merge, squash"
                    + " or rebase");
        }
        return Strategy.valueOf(s.name().substring("MERGE_STRATEGY_".length()));
    }

    static List<MergeStatus> statuses(List<chant.v1.MergeStatus> statuses) {
        return statuses.stream().map(s -> {
            if (s == chant.v1.MergeStatus.UNRECOGNIZED || s == chant.v1.MergeStatus.MERGE_STATUS_UNSPECIFIED) {
                throw new InvalidRequestException("statuses has " + s + ": use queued, running, done or stopped");
            }
            return MergeStatus.valueOf(s.name().substring("MERGE_STATUS_".length()));
        }).toList();
    }
}
