package chant.merge.queue;

import chant.merge.git.BranchMerger;
import chant.merge.git.MergeRepository;
import chant.merge.git.Merged;
import chant.merge.remote.ProjectInfo;
import chant.support.remote.RemoteException;
import chant.merge.remote.SpecInfo;
import chant.merge.remote.SpecServiceClient;
import chant.merge.request.MergeItem;
import chant.merge.request.MergeRequest;
import chant.merge.request.MergeSignal;
import chant.merge.request.MergeView;
import chant.merge.request.Outcome;
import chant.merge.request.RequestKind;
import chant.merge.request.SpecCheck;
import chant.merge.verify.Verification;
import chant.merge.verify.VerifyGate;
import chant.merge.workspace.ProjectRepositories;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Works a claimed queue: its requests oldest first, each spec in order. For a spec: settle an
 * intent left by a process that died (fetch: the remote target at or past the intended commit
 * means the push got there, so it is MERGED; otherwise it is worked out again); check the spec
 * again in spec-service; fetch and work the merge out on the target as fetched; record the intent
 * (fenced); push by compare-and-swap (a push that lost the race is worked out again on the new
 * target, a few times); record MERGED (fenced); then tell spec-service (RecordMerge, retried later
 * while it is away) and delete the branch when asked. Each step finds what it depends on in the
 * database, so a process may die between any two of them.
 */
@ApplicationScoped
public class MergeWorker {

    private static final Logger LOG = Logger.getLogger(MergeWorker.class);

    @Inject
    MergeQueues queues;

    @Inject
    SpecServiceClient specService;

    @Inject
    ProjectRepositories repositories;

    @Inject
    MergeSignal signal;

    @Inject
    Checkpoints checkpoints;

    @Inject
    ArchiveWorker archives;

    @Inject
    VerifyGate verifyGate;

    @ConfigProperty(name = "chant.merge.retry-seconds", defaultValue = "15")
    int retrySeconds;

    @ConfigProperty(name = "chant.merge.push-attempts", defaultValue = "5")
    int pushAttempts;

    /** Works the queue until it has no request left, then gives the lease up. */
    public void work(Lease lease) {
        try {
            while (true) {
                Optional<MergeView> next = queues.next(lease);
                if (next.isEmpty()) {
                    queues.release(lease, Duration.ZERO, "");
                    return;
                }
                work(lease, next.get());
            }
        } catch (LeaseLostException e) {
            LOG.warn(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("%s: %s; tried again in %d s", lease.label(), e.getMessage(), retrySeconds);
            try {
                queues.release(lease, Duration.ofSeconds(retrySeconds), String.valueOf(e.getMessage()));
            } catch (RuntimeException again) {
                LOG.warnf("%s could not be released (%s): its lease expires", lease.label(), again.getMessage());
            }
        }
    }

    private void work(Lease lease, MergeView view) {
        MergeRequest request = view.request();
        queues.start(lease, request.id);
        signal.changed();
        ProjectInfo project;
        try {
            project = specService.project(request.project, request.requestedBy);
        } catch (RemoteException e) {
            if (e.retryable()) {
                throw e;
            }
            refuseTheRest(lease, view, "spec-service: " + e.getMessage());
            return;
        }
        if (project.repoUrl().isEmpty()) {
            refuseTheRest(lease, view, "project " + request.project + " has no repository (repo_url) any more");
            return;
        }
        if (request.kind == RequestKind.ARCHIVE) {
            repositories.with(request.project, project.repoUrl(), repository -> {
                archives.work(lease, request, view.items(), repository);
                return null;
            });
            queues.end(lease, request.id);
            signal.changed();
            return;
        }
        repositories.with(request.project, project.repoUrl(), repository -> {
            for (MergeItem item : view.items()) {
                Outcome outcome = item.outcome;
                if (outcome == Outcome.PENDING) {
                    // No renewal here: QueueDispatcher renews the lease on its own schedule, and every
                    // write of the merge (the intent before the push, the outcome) is fenced by it.
                    outcome = merge(lease, request, project, item, repository);
                    signal.changed();
                }
                if (outcome.failure() && !request.continueOnError) {
                    break;
                }
            }
            return null;
        });
        queues.end(lease, request.id);
        signal.changed();
    }

    /** The project itself cannot be merged into (gone, or no repository): its pending specs are refused and the request ends. */
    private void refuseTheRest(Lease lease, MergeView view, String why) {
        for (MergeItem item : view.items()) {
            if (item.outcome == Outcome.PENDING) {
                queues.decide(lease, view.request().id, item.position, Decision.of(Outcome.REFUSED, why));
            }
        }
        queues.end(lease, view.request().id);
        signal.changed();
    }

    private Outcome merge(Lease lease, MergeRequest request, ProjectInfo project, MergeItem item,
            MergeRepository repository) {
        String target = request.targetBranch;
        if (item.intent != null) {
            repository.fetch();
            Optional<String> head = repository.remoteHead(target);
            if (head.isPresent() && repository.hasCommit(item.intent) && repository.isAncestor(item.intent, head.get())) {
                LOG.infof("merge request %d: the push of spec %s to %s reached the remote before the process that made"
                        + " it stopped: recorded as merged", request.id, item.specId, target);
                return merged(lease, request, item, repository, item.intentBefore, item.intent, item.intentCommit,
                        "");
            }
            queues.dropIntent(lease, request.id, item.position);
        }
        SpecInfo spec;
        try {
            spec = specService.spec(request.project, item.specId, request.requestedBy);
        } catch (RemoteException e) {
            if (e.retryable()) {
                throw e;
            }
            return decide(lease, request, item, Decision.of(Outcome.REFUSED, "spec-service: " + e.getMessage()));
        }
        Optional<SpecCheck.Verdict> verdict = SpecCheck.of(spec);
        if (verdict.isPresent()) {
            return decide(lease, request, item, Decision.of(verdict.get().outcome(), verdict.get().reason()));
        }
        Optional<UnrecordedMerge> earlier = queues.unrecordedMerge(request.project, target, item.specId);
        if (earlier.isPresent()) {
            return decide(lease, request, item, Decision.of(Outcome.ALREADY_MERGED, "already merged into " + target
                    + " as " + earlier.get().mergeCommit() + " by merge request " + earlier.get().mergeId()
                    + " (spec-service records it when it is reachable)"));
        }
        BranchMerger merger = new BranchMerger(repository);
        for (int attempt = 1; attempt <= pushAttempts; attempt++) {
            repository.fetch(target, item.branch);
            java.util.Map<String, String> heads = repository.remoteHeads(target, item.branch);
            Optional<String> head = Optional.ofNullable(heads.get(target));
            if (head.isEmpty()) {
                return decide(lease, request, item, Decision.of(Outcome.REFUSED, "the target branch " + target
                        + " does not exist on the remote"));
            }
            Optional<String> branchHead = Optional.ofNullable(heads.get(item.branch));
            if (branchHead.isEmpty()) {
                return decide(lease, request, item, Decision.of(Outcome.REFUSED, "branch " + item.branch
                        + " does not exist on the remote: was the spec's work pushed?"));
            }
            Merged merged = merger.merge(head.get(), branchHead.get(), request.strategy,
                    new BranchMerger.Names(item.branch, spec.id(), spec.title(), request.requestedBy));
            switch (merged.kind()) {
                case ALREADY_MERGED, REFUSED -> {
                    return decide(lease, request, item, Decision.of(merged.kind() == Merged.Kind.REFUSED
                            ? Outcome.REFUSED : Outcome.ALREADY_MERGED, merged.reason()));
                }
                case CONFLICT -> {
                    return conflict(lease, request, item, merged);
                }
                case MERGED -> {
                    // The gate runs on the exact commit the target would move to, before any intent: a
                    // process that dies meanwhile leaves nothing to settle (and its checkout is removed later).
                    checkpoints.verifying(request.id, item.specId);
                    Optional<Verification> verification = verifyGate.verify(project, repository, merged.targetAfter());
                    if (verification.isPresent()) {
                        if (!queues.renew(lease)) {
                            throw new LeaseLostException(lease);
                        }
                        queues.verified(lease, request.id, item.position, verification.get());
                        signal.changed();
                        if (!verification.get().passed()) {
                            return verifyFailed(lease, request, item, verification.get());
                        }
                    }
                    queues.intent(lease, request.id, item.position, head.get(), merged.targetAfter(),
                            merged.mergeCommit());
                    checkpoints.intentRecorded(request.id, item.specId);
                    if (!repository.pushIfUnchanged(target, head.get(), merged.targetAfter())) {
                        LOG.infof("merge request %d: %s moved on the remote while spec %s was merged (attempt %d):"
                                + " worked out again", request.id, target, item.specId, attempt);
                        continue;
                    }
                    checkpoints.pushed(request.id, item.specId);
                    return merged(lease, request, item, repository, head.get(), merged.targetAfter(),
                            merged.mergeCommit(), branchHead.get());
                }
            }
        }
        throw new IllegalStateException(target + " moved on the remote " + pushAttempts + " times while spec "
                + item.specId + " was merged");
    }

    /** Records MERGED, then tells spec-service and deletes the branch when asked (both after the record). */
    private Outcome merged(Lease lease, MergeRequest request, MergeItem item, MergeRepository repository, String before,
            String after, String mergeCommit, String branchHead) {
        decide(lease, request, item, new Decision(Outcome.MERGED, "merged into " + request.targetBranch + " ("
                + request.strategy.name().toLowerCase().replace('_', '-') + ")", List.of(), mergeCommit, before, after));
        RecordDelivery.deliver(queues, specService, new PendingRecord(request.id, item.position, request.project,
                item.specId, mergeCommit, request.targetBranch, request.requestedBy));
        if (request.deleteBranch) {
            try {
                String expected = branchHead.isEmpty() ? repository.remoteHead(item.branch).orElse("") : branchHead;
                if (!expected.isEmpty() && !repository.deleteBranchIfUnchanged(item.branch, expected)) {
                    LOG.infof("branch %s is kept: it has commits pushed after the merge", item.branch);
                }
            } catch (RuntimeException e) {
                LOG.warnf("branch %s could not be deleted: %s", item.branch, e.getMessage());
            }
        }
        return Outcome.MERGED;
    }

    /** Records the conflict first, then moves the spec to needs_attention (its branch is kept). */
    private Outcome conflict(Lease lease, MergeRequest request, MergeItem item, Merged merged) {
        decide(lease, request, item, new Decision(Outcome.CONFLICT, merged.reason(), merged.conflicts(), "", "", ""));
        try {
            specService.needsAttention(request.project, item.specId, "merge request " + request.id + ": "
                    + item.branch + " conflicts with " + request.targetBranch + " in " + String.join(", ",
                    merged.conflicts()) + "; the branch is kept: resolve the conflict on it and merge again",
                    request.requestedBy);
        } catch (RemoteException e) {
            LOG.warnf("spec %s could not be moved to needs_attention: %s", item.specId, e.getMessage());
        }
        return Outcome.CONFLICT;
    }

    /** Records the failed gate first, then moves the spec to needs_attention (target untouched, branch kept). */
    private Outcome verifyFailed(Lease lease, MergeRequest request, MergeItem item, Verification verification) {
        String reason = "the verify command failed on the merge result " + abbreviated(verification.commit()) + " ("
                + verification.failure() + ")";
        decide(lease, request, item, Decision.of(Outcome.VERIFY_FAILED, reason));
        try {
            specService.needsAttention(request.project, item.specId, "merge request " + request.id + ": merging "
                    + item.branch + " into " + request.targetBranch + " failed the project's verify command ("
                    + verification.failure() + "); " + request.targetBranch + " did not move and the branch is kept: fix"
                    + " the work on it and merge again. The end of the output:\n" + lastLines(verification.outputTail(), 20),
                    request.requestedBy);
        } catch (RemoteException e) {
            LOG.warnf("spec %s could not be moved to needs_attention: %s", item.specId, e.getMessage());
        }
        return Outcome.VERIFY_FAILED;
    }

    private static String abbreviated(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    /** The last {@code n} lines of the output, each cut to 200 characters, for the spec's reason (the item keeps the whole tail). */
    static String lastLines(String output, int n) {
        List<String> lines = output.strip().lines().map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l)
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private Outcome decide(Lease lease, MergeRequest request, MergeItem item, Decision decision) {
        queues.decide(lease, request.id, item.position, decision);
        return decision.outcome();
    }
}
