package chant.merge.queue;

import chant.merge.git.BranchMerger;
import chant.merge.git.MergeRepository;
import chant.merge.git.Merged;
import chant.merge.remote.AgentServiceClient;
import chant.merge.remote.ProjectInfo;
import chant.merge.remote.RunInfo;
import chant.merge.request.DatabaseClock;
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
import chant.support.verify.Verification;
import chant.merge.verify.VerifyGate;
import chant.merge.workspace.ProjectRepositories;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>A request with {@code resolve} does not leave a conflict to a person: the item waits as RESOLVING for a
 * merge-conflict run of agent-service ({@link #resolve}). Waiting holds no lease: the queue is given up with
 * {@code not_before} a poll interval ahead, so other queues are worked meanwhile, and the next holder reads
 * the run again.
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

    /** Tells spec-service of merges one after the other, beside the worker. */
    private final java.util.concurrent.ExecutorService recordDeliveries = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "merge-record-delivery");
                t.setDaemon(true);
                return t;
            });
    private final java.util.Map<Long, List<CompletableFuture<Void>>> deliveries =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "chant.merge.retry-seconds", defaultValue = "15")
    int retrySeconds;

    @ConfigProperty(name = "chant.merge.push-attempts", defaultValue = "5")
    int pushAttempts;

    @Inject
    AgentServiceClient agentService;

    @Inject
    DatabaseClock clock;

    /** Merge-conflict runs per spec and request. */
    @ConfigProperty(name = "chant.merge.resolve-attempts", defaultValue = "1")
    int resolveAttempts;

    /** How long a request waits for a merge-conflict run before the spec is left CONFLICT. */
    @ConfigProperty(name = "chant.merge.resolve-timeout", defaultValue = "3h")
    Duration resolveTimeout;

    /** How soon the queue looks at a merge-conflict run again while it works. */
    @ConfigProperty(name = "chant.merge.resolve-poll", defaultValue = "5s")
    Duration resolvePoll;

    /** The provider of merge-conflict runs; empty for agent-service's default. */
    @ConfigProperty(name = "chant.merge.resolve-provider")
    Optional<String> resolveProvider;

    /** The queue waits for a merge-conflict run: it is given up until the next look. */
    private static final class WaitingForRun extends RuntimeException {
        WaitingForRun(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The process is stopping (SIGTERM): the worker ends the spec it is merging, then gives the queue
     * up at once, so that another replica takes it over without waiting for the lease to expire.
     */
    private static final class Draining extends RuntimeException {
        Draining(String message) {
            super(message, null, false, false);
        }
    }

    private volatile boolean draining;

    /** Stop at the next spec: the queue's lease is given back (see {@link QueueDispatcher}'s shutdown). */
    void drain() {
        draining = true;
    }

    private void stopIfDraining(Lease lease) {
        if (draining) {
            throw new Draining(lease.label() + ": this process is stopping; the queue is given up for another"
                    + " replica to work on");
        }
    }

    /** Works the queue until it has no request left (or the process stops), then gives the lease up. */
    public void work(Lease lease) {
        try {
            while (true) {
                stopIfDraining(lease);
                Optional<MergeView> next = queues.next(lease);
                if (next.isEmpty()) {
                    queues.release(lease, Duration.ZERO, "");
                    return;
                }
                work(lease, next.get());
            }
        } catch (LeaseLostException e) {
            LOG.warn(e.getMessage());
        } catch (Draining e) {
            LOG.info(e.getMessage());
            queues.release(lease, Duration.ZERO, "");
        } catch (WaitingForRun e) {
            LOG.debugf("%s: %s; looked at again in %s", lease.label(), e.getMessage(), resolvePoll);
            queues.release(lease, resolvePoll, "");
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
        try {
            workMerges(lease, request, project, view);
        } finally {
            awaitDeliveries(request.id);
        }
        queues.end(lease, request.id);
        signal.changed();
    }

    /** The merge request's pending specs, in order (spec-service is told of each merge in the background). */
    private void workMerges(Lease lease, MergeRequest request, ProjectInfo project, MergeView view) {
        repositories.with(request.project, project.repoUrl(), repository -> {
            RemoteView remote = RemoteView.fetch(repository, request.targetBranch, view.items().stream()
                    .filter(i -> i.outcome == Outcome.PENDING).map(i -> i.branch).filter(b -> !b.isEmpty()).toList());
            for (MergeItem item : view.items()) {
                Outcome outcome = item.outcome;
                if (outcome == Outcome.PENDING || outcome == Outcome.RESOLVING) {
                    // Between two specs, never in the middle of one: a merge under way ends first.
                    stopIfDraining(lease);
                    // No renewal here: QueueDispatcher renews the lease on its own schedule, and every
                    // write of the merge (the intent before the push, the outcome) is fenced by it.
                    outcome = outcome == Outcome.RESOLVING ? awaitResolution(lease, request, project, item, repository)
                            : merge(lease, request, project, item, repository, remote);
                    signal.changed();
                    if (outcome == Outcome.RESOLVING) {
                        throw new WaitingForRun("merge request " + request.id + " waits for the merge-conflict run of"
                                + " spec " + item.specId);
                    }
                }
                if (outcome.failure() && !request.continueOnError) {
                    break;
                }
            }
            return null;
        });
    }

    /**
     * Waits until spec-service has been told of the request's merges (or has refused, or is away: then
     * the records stay pending and the dispatcher retries them), so that a request that has ended has
     * its merges recorded on the specs whenever spec-service is reachable.
     */
    private void awaitDeliveries(long mergeId) {
        List<CompletableFuture<Void>> pending = deliveries.remove(mergeId);
        if (pending == null) {
            return;
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(DELIVERY_WAIT.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("merge request %d: spec-service was not told of every merge yet (%s); the dispatcher retries",
                    mergeId, e.getMessage());
        }
    }

    /** The project itself cannot be merged into (gone, or no repository): its pending specs are refused and the request ends. */
    private void refuseTheRest(Lease lease, MergeView view, String why) {
        for (MergeItem item : view.items()) {
            if (item.outcome == Outcome.PENDING || item.outcome == Outcome.RESOLVING) {
                queues.decide(lease, view.request().id, item.position, Decision.of(Outcome.REFUSED, why));
            }
        }
        queues.end(lease, view.request().id);
        signal.changed();
    }

    private Outcome merge(Lease lease, MergeRequest request, ProjectInfo project, MergeItem item,
            MergeRepository repository) {
        return merge(lease, request, project, item, repository, null);
    }

    /**
     * Merges one spec; {@code remote} (null for none) is the request's view of the remote, which spares
     * the first attempt a fetch of its own.
     */
    private Outcome merge(Lease lease, MergeRequest request, ProjectInfo project, MergeItem item,
            MergeRepository repository, RemoteView remote) {
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
            java.util.Map<String, String> heads = attempt == 1 && remote != null ? remote.heads(target, item.branch)
                    : java.util.Map.of();
            if (heads.isEmpty()) {
                repository.fetch(target, item.branch);
                heads = repository.remoteHeads(target, item.branch);
                if (remote != null) {
                    remote.saw(target, item.branch, heads);
                }
            }
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
                    return request.resolve && item.resolveAttempts < resolveAttempts
                            ? resolve(lease, request, item, merged) : conflict(lease, request, item, merged);
                }
                case MERGED -> {
                    // The gate runs on the exact commit the target would move to, before any intent: a
                    // process that dies meanwhile leaves nothing to settle (and its checkout is removed later).
                    checkpoints.verifying(request.id, item.specId);
                    Optional<Verification> verification = verifyGate.verify(project, repository, merged.targetAfter(),
                            request.id, item.position, item.specId, request.requestedBy);
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
                    if (remote != null) {
                        remote.pushed(target, merged.targetAfter());
                    }
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
        // spec-service is told while the next spec is merged (RecordMerge is idempotent; the record is
        // pending until it answers, and the dispatcher retries what it could not take).
        PendingRecord record = new PendingRecord(request.id, item.position, request.project, item.specId, mergeCommit,
                request.targetBranch, request.requestedBy);
        deliveries.computeIfAbsent(request.id, id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(CompletableFuture.runAsync(() -> RecordDelivery.deliver(queues, specService, record),
                        recordDeliveries));
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

    /**
     * The branch conflicts and the request resolves conflicts: the item is recorded RESOLVING with the files and
     * the attempt (before agent-service is asked, so that the attempt's idempotency key survives a crash), the
     * spec moves to needs_attention as for any conflict, and the merge-conflict run is asked for.
     */
    private Outcome resolve(Lease lease, MergeRequest request, MergeItem item, Merged merged) {
        int attempt = item.resolveAttempts + 1;
        String files = String.join(", ", merged.conflicts());
        queues.resolving(lease, request.id, item.position, merged.reason() + "; a merge-conflict run resolves it",
                merged.conflicts(), attempt);
        item.resolveAttempts = attempt;
        item.resolveRunId = null;
        item.resolveStartedAt = clock.now();
        item.conflictFiles = String.join("\n", merged.conflicts());
        try {
            specService.needsAttention(request.project, item.specId, "merge request " + request.id + ": "
                    + item.branch + " conflicts with " + request.targetBranch + " in " + files
                    + "; a merge-conflict run resolves it", request.requestedBy);
        } catch (RemoteException e) {
            LOG.warnf("spec %s could not be moved to needs_attention: %s", item.specId, e.getMessage());
        }
        return startRun(lease, request, item);
    }

    /**
     * Asks agent-service for the item's merge-conflict run, with a request ID of this request, spec and attempt:
     * asked again after a crash or a lost answer, it returns the run it started the first time.
     */
    private Outcome startRun(Lease lease, MergeRequest request, MergeItem item) {
        String requestId = "merge-" + request.id + "-" + item.specId + "-resolve-" + item.resolveAttempts;
        long runId;
        try {
            runId = agentService.enqueueResolve(request.project, item.specId, request.targetBranch, requestId,
                    resolveProvider.orElse("").strip(), request.requestedBy);
        } catch (RemoteException e) {
            if (e.retryable()) {
                throw e; // the queue is tried again later and asks with the same request ID
            }
            return decide(lease, request, item, new Decision(Outcome.CONFLICT, "the merge-conflict run could not start: "
                    + e.getMessage(), item.conflicts(), "", "", ""));
        }
        queues.resolveRun(lease, request.id, item.position, runId, "conflicts in " + String.join(", ",
                item.conflicts()) + " with " + request.targetBranch + "; merge-conflict run " + runId + " resolves them");
        item.resolveRunId = runId;
        LOG.infof("merge request %d: spec %s conflicts with %s; merge-conflict run %d resolves it", request.id,
                item.specId, request.targetBranch, runId);
        return Outcome.RESOLVING;
    }

    /**
     * The item waits for its merge-conflict run: still working (RESOLVING: the queue looks again later), resolved
     * (worked out again from the start: fetched, merged), or not (CONFLICT with the run's reason; the run's end
     * left the spec needing attention).
     */
    private Outcome awaitResolution(Lease lease, MergeRequest request, ProjectInfo project, MergeItem item,
            MergeRepository repository) {
        if (item.resolveRunId == null) {
            return startRun(lease, request, item); // the process died between the record and the answer
        }
        RunInfo run;
        try {
            run = agentService.run(item.resolveRunId, request.requestedBy);
        } catch (RemoteException e) {
            if (e.retryable()) {
                throw e;
            }
            return decide(lease, request, item, new Decision(Outcome.CONFLICT, "merge-conflict run " + item.resolveRunId
                    + " cannot be read: " + e.getMessage(), item.conflicts(), "", "", ""));
        }
        if (!run.settled()) {
            if (item.resolveStartedAt != null && clock.now().isAfter(item.resolveStartedAt.plus(resolveTimeout))) {
                return decide(lease, request, item, new Decision(Outcome.CONFLICT, "merge-conflict run " + run.id()
                        + " did not end within " + resolveTimeout.toMinutes() + " min (it is " + run.status()
                        + "); merge again once it has", item.conflicts(), "", "", ""));
            }
            return Outcome.RESOLVING;
        }
        if (!run.resolved()) {
            return decide(lease, request, item, new Decision(Outcome.CONFLICT, run.failure(), item.conflicts(), "", "",
                    ""));
        }
        LOG.infof("merge request %d: merge-conflict run %d resolved spec %s; merging it again", request.id, run.id(),
                item.specId);
        queues.resolved(lease, request.id, item.position);
        item.outcome = Outcome.PENDING;
        return merge(lease, request, project, item, repository);
    }

    private Outcome decide(Lease lease, MergeRequest request, MergeItem item, Decision decision) {
        queues.decide(lease, request.id, item.position, decision);
        return decision.outcome();
    }
}
