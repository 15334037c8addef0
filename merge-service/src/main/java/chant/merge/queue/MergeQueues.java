package chant.merge.queue;

import chant.merge.request.DatabaseClock;
import chant.merge.request.MergeItem;
import chant.merge.request.MergeRequest;
import chant.merge.request.MergeRequests;
import chant.merge.request.MergeStatus;
import chant.merge.request.MergeView;
import chant.merge.request.Outcome;
import chant.support.verify.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The queues in the database: one row per (project, target branch) with the lease a process works
 * it by. Claiming locks a claimable queue row with {@code FOR UPDATE SKIP LOCKED} and raises its
 * epoch; every write of a worker is fenced: it locks the queue row and goes ahead only while the
 * row still names this holder and epoch and the lease has not expired (by the database's clock).
 * So two processes never both work a queue, and a process whose lease was taken over records
 * nothing (its push, if it still makes one, is a compare-and-swap that the new holder's fetch
 * finds).
 */
@ApplicationScoped
public class MergeQueues {

    @Inject
    EntityManager em;

    @Inject
    DatabaseClock clock;

    @ConfigProperty(name = "chant.merge.lease-seconds", defaultValue = "30")
    int leaseSeconds;

    /**
     * Claims a queue that has a request to work and no live lease (and no retry pending), oldest
     * request first; {@code onlyProject} (null for any) limits it to one project's queues.
     */
    @Transactional
    public Optional<Lease> claim(String holder, String onlyProject) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT q.project, q.target_branch FROM merge_queue q
                WHERE (q.lease_holder IS NULL OR q.lease_expires_at < statement_timestamp())
                  AND q.not_before <= statement_timestamp()
                  AND (CAST(:only AS TEXT) IS NULL OR q.project = CAST(:only AS TEXT))
                  AND EXISTS (SELECT 1 FROM merge_request r WHERE r.project = q.project
                              AND r.target_branch = q.target_branch AND r.status IN ('QUEUED', 'RUNNING'))
                ORDER BY (SELECT min(r.id) FROM merge_request r WHERE r.project = q.project
                          AND r.target_branch = q.target_branch AND r.status IN ('QUEUED', 'RUNNING'))
                LIMIT 1
                FOR UPDATE OF q SKIP LOCKED""").setParameter("only", onlyProject).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String project = (String) rows.get(0)[0];
        String target = (String) rows.get(0)[1];
        Number epoch = (Number) em.createNativeQuery("""
                UPDATE merge_queue SET lease_holder = :holder, lease_epoch = lease_epoch + 1,
                       lease_expires_at = statement_timestamp() + make_interval(secs => :lease), last_failure = ''
                WHERE project = :project AND target_branch = :target
                RETURNING lease_epoch""")
                .setParameter("holder", holder).setParameter("lease", leaseSeconds)
                .setParameter("project", project).setParameter("target", target).getSingleResult();
        return Optional.of(new Lease(project, target, holder, epoch.longValue()));
    }

    /** Extends the lease; false when it is no longer this holder's (then it must stop). */
    @Transactional
    public boolean renew(Lease lease) {
        return em.createNativeQuery("""
                UPDATE merge_queue SET lease_expires_at = statement_timestamp() + make_interval(secs => :lease)
                WHERE project = :project AND target_branch = :target AND lease_holder = :holder
                  AND lease_epoch = :epoch AND lease_expires_at > statement_timestamp()""")
                .setParameter("lease", leaseSeconds).setParameter("project", lease.project())
                .setParameter("target", lease.targetBranch()).setParameter("holder", lease.holder())
                .setParameter("epoch", lease.epoch()).executeUpdate() == 1;
    }

    /**
     * Gives the queue up; after a failure ({@code failure} not empty) nobody claims it before
     * {@code retryAfter} has passed. A lost lease has nothing to give up.
     */
    @Transactional
    public void release(Lease lease, Duration retryAfter, String failure) {
        em.createNativeQuery("""
                UPDATE merge_queue SET lease_holder = NULL, lease_expires_at = NULL, last_failure = :failure,
                       not_before = statement_timestamp() + make_interval(secs => :retry)
                WHERE project = :project AND target_branch = :target AND lease_holder = :holder
                  AND lease_epoch = :epoch""")
                .setParameter("failure", failure).setParameter("retry", (double) retryAfter.toMillis() / 1000)
                .setParameter("project", lease.project()).setParameter("target", lease.targetBranch())
                .setParameter("holder", lease.holder()).setParameter("epoch", lease.epoch()).executeUpdate();
    }

    /** The oldest request of the queue that has not ended. */
    @Transactional
    public Optional<MergeView> next(Lease lease) {
        fence(lease);
        return MergeRequest.<MergeRequest>find("project = ?1 and targetBranch = ?2 and status in ?3 order by id",
                lease.project(), lease.targetBranch(), List.of(MergeStatus.QUEUED, MergeStatus.RUNNING))
                .firstResultOptional().map(MergeRequests::view);
    }

    /** The request is being worked. */
    @Transactional
    public void start(Lease lease, long mergeId) {
        fence(lease);
        MergeRequest request = em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE);
        if (request.status == MergeStatus.QUEUED) {
            request.status = MergeStatus.RUNNING;
            request.revision++;
        }
    }

    /**
     * Records the push about to happen: the target's commit it was worked out on, the commit the
     * target moves to and the merge commit. After a crash, a fetch tells whether it reached the remote.
     */
    @Transactional
    public void intent(Lease lease, long mergeId, int position, String before, String after, String mergeCommit) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        item.intentBefore = before;
        item.intent = after;
        item.intentCommit = mergeCommit;
    }

    /** Records the verify gate's run on the item's merge result (replacing an earlier run on an older result). */
    @Transactional
    public void verified(Lease lease, long mergeId, int position, Verification verification) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        item.verifyCommit = verification.commit();
        item.verifyExitCode = verification.exitCode();
        item.verifyTimedOut = verification.timedOut();
        item.verifyOutput = verification.outputTail();
        item.verifyDurationMs = verification.duration().toMillis();
        em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE).revision++;
    }

    /** Forgets an intent whose push did not reach the remote (it is worked out again). */
    @Transactional
    public void dropIntent(Lease lease, long mergeId, int position) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        item.intentBefore = null;
        item.intent = null;
        item.intentCommit = null;
    }

    /** Records the spec's outcome (its intent, if any, is settled by it). */
    @Transactional
    public void decide(Lease lease, long mergeId, int position, Decision d) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        Instant now = clock.now();
        item.decide(d.outcome(), d.reason(), d.conflicts(), now);
        item.mergeCommit = d.mergeCommit();
        item.targetBefore = d.targetBefore();
        item.targetAfter = d.targetAfter();
        item.recordPending = d.outcome() == Outcome.MERGED;
        item.intentBefore = null;
        item.intent = null;
        item.intentCommit = null;
        em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE).revision++;
    }

    /**
     * The spec conflicted and merge-conflict run number {@code attempt} is about to be asked for: recorded before
     * agent-service is called, so that a process that dies in between asks again with the same attempt (the same
     * idempotency key) instead of starting a second run.
     */
    @Transactional
    public void resolving(Lease lease, long mergeId, int position, String reason, List<String> conflicts, int attempt) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        item.decide(Outcome.RESOLVING, reason, conflicts, null);
        item.resolveAttempts = attempt;
        item.resolveRunId = null;
        item.resolveStartedAt = clock.now();
        em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE).revision++;
    }

    /** The merge-conflict run agent-service started for the item. */
    @Transactional
    public void resolveRun(Lease lease, long mergeId, int position, long runId, String reason) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        item.resolveRunId = runId;
        item.reason = reason;
        em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE).revision++;
    }

    /** The run resolved the conflict: the item is worked out again from the start. */
    @Transactional
    public void resolved(Lease lease, long mergeId, int position) {
        fence(lease);
        MergeItem item = item(mergeId, position);
        item.decide(Outcome.PENDING, "", List.of(), null);
        em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE).revision++;
    }

    /**
     * Ends the request: STOPPED when a spec could not be merged and it does not continue on errors
     * (the specs not tried become SKIPPED), else DONE.
     */
    @Transactional
    public MergeStatus end(Lease lease, long mergeId) {
        fence(lease);
        MergeRequest request = em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE);
        List<MergeItem> items = MergeItem.<MergeItem>find("mergeId = ?1 order by position", mergeId).list();
        Optional<MergeItem> stopper = request.continueOnError ? Optional.empty()
                : items.stream().filter(i -> i.outcome.failure()).findFirst();
        Instant now = clock.now();
        for (MergeItem item : items) {
            if (item.outcome == Outcome.PENDING) {
                item.decide(Outcome.SKIPPED, stopper.map(s -> "not tried: spec " + s.specId + " before it "
                        + (s.outcome == Outcome.VERIFY_FAILED ? "failed the verify gate"
                        : "was " + s.outcome.name().toLowerCase().replace('_', ' '))
                        + " and the request does not continue on errors").orElse("not tried"), List.of(), now);
            }
        }
        request.status = stopper.isPresent() ? MergeStatus.STOPPED : MergeStatus.DONE;
        request.endedAt = now;
        request.revision++;
        return request.status;
    }

    /**
     * Records an archive request's outcome for one spec. {@code folder} is where its file is on the
     * target; with {@code archive} spec-service is still to archive it there (pending, like a merge's
     * RecordMerge).
     */
    @Transactional
    public void decideArchive(Lease lease, long mergeId, int position, Decision d, String folder, boolean archive) {
        decide(lease, mergeId, position, d);
        MergeItem item = item(mergeId, position);
        item.archiveFolder = folder;
        item.recordPending = archive;
    }

    /**
     * Records the archive commit's push about to happen on each spec it holds (the target's commit it
     * was made on, and the commit), and its folder on the request. After a crash, a fetch tells
     * whether it reached the remote.
     */
    @Transactional
    public void archiveIntent(Lease lease, long mergeId, List<Integer> positions, String before, String commit,
            String folder) {
        fence(lease);
        em.find(MergeRequest.class, mergeId, LockModeType.PESSIMISTIC_WRITE).archiveFolder = folder;
        for (int position : positions) {
            MergeItem item = item(mergeId, position);
            item.intentBefore = before;
            item.intent = commit;
            item.intentCommit = commit;
        }
    }

    /** Today by the database's clock, in UTC: the folder an archive commit goes to. */
    @Transactional
    public java.time.LocalDate today() {
        return clock.now().atOffset(java.time.ZoneOffset.UTC).toLocalDate();
    }

    /**
     * How long after its outcome a record is left to the worker that decided it: the worker tells
     * spec-service at once, and a retry meanwhile would tell it twice (harmless, RecordMerge and
     * ArchiveSpecs are idempotent, but twice the calls).
     */
    static final java.time.Duration INLINE_DELIVERY_GRACE = java.time.Duration.ofSeconds(5);

    /** Decided items whose record spec-service has not confirmed yet, oldest first, once the worker had its turn. */
    @Transactional
    public List<PendingRecord> pendingRecords(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.merge_id, i.position, r.project, i.spec_id, i.merge_commit, r.target_branch, r.requested_by,
                       r.kind, r.force, i.archive_folder
                FROM merge_item i JOIN merge_request r ON r.id = i.merge_id
                WHERE i.record_pending AND i.ended_at < statement_timestamp() - make_interval(secs => :grace)
                ORDER BY i.merge_id, i.position LIMIT :limit""")
                .setParameter("limit", limit).setParameter("grace", (double) INLINE_DELIVERY_GRACE.toMillis() / 1000)
                .getResultList();
        return rows.stream().map(r -> new PendingRecord(((Number) r[0]).longValue(), ((Number) r[1]).intValue(),
                (String) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6], "ARCHIVE".equals(r[7]),
                (Boolean) r[8], (String) r[9])).toList();
    }

    /**
     * An earlier merge of the spec into the target that this service made but spec-service has not
     * recorded yet (its RecordMerge is still pending): the spec is merged although spec-service does
     * not say so yet. A squash or rebase leaves the branch's commits off the target, so git alone
     * could not tell a repeated request that the work is there.
     */
    @Transactional
    public Optional<UnrecordedMerge> unrecordedMerge(String project, String targetBranch, String specId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.merge_id, i.merge_commit FROM merge_item i JOIN merge_request r ON r.id = i.merge_id
                WHERE r.project = :project AND r.target_branch = :target AND i.spec_id = :spec
                  AND i.outcome = 'MERGED' AND i.record_pending
                ORDER BY i.merge_id DESC LIMIT 1""")
                .setParameter("project", project).setParameter("target", targetBranch).setParameter("spec", specId)
                .getResultList();
        return rows.stream().findFirst()
                .map(r -> new UnrecordedMerge(((Number) r[0]).longValue(), (String) r[1]));
    }

    /** spec-service has the merge (or refused it for good: {@code note} says why). */
    @Transactional
    public void recorded(long mergeId, int position, String note) {
        MergeItem item = item(mergeId, position);
        item.recordPending = false;
        item.recordNote = note;
    }

    private MergeItem item(long mergeId, int position) {
        return em.find(MergeItem.class, new MergeItem.Key(mergeId, position), LockModeType.PESSIMISTIC_WRITE);
    }

    /** Goes ahead only while the lease is this holder's: locks the queue row, so a takeover waits for the write. */
    private void fence(Lease lease) {
        @SuppressWarnings("unchecked")
        List<Object> held = em.createNativeQuery("""
                SELECT 1 FROM merge_queue
                WHERE project = :project AND target_branch = :target AND lease_holder = :holder
                  AND lease_epoch = :epoch AND lease_expires_at > statement_timestamp()
                FOR UPDATE""")
                .setParameter("project", lease.project()).setParameter("target", lease.targetBranch())
                .setParameter("holder", lease.holder()).setParameter("epoch", lease.epoch()).getResultList();
        if (held.isEmpty()) {
            throw new LeaseLostException(lease);
        }
    }
}
