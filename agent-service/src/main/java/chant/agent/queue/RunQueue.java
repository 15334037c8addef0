package chant.agent.queue;

import chant.agent.run.DatabaseClock;
import chant.agent.run.Run;
import chant.agent.run.RunFields;
import chant.agent.run.RunStatus;
import chant.agent.run.Runs;
import chant.agent.work.SpecEnd;
import chant.agent.work.SpecResult;
import chant.agent.workspace.RunWorkspace;
import chant.support.failure.ConflictException;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The queue runners claim runs from, and the leases they hold them by.
 *
 * <p>Claiming is one transaction: it takes the transaction-scoped advisory lock
 * {@link #LIMITS_LOCK}, so that claims of every replica happen one after the other; counts the
 * claimed runs (a claim that committed before is seen, because it released the lock only when it
 * committed); and locks the oldest claimable queued run with {@code FOR UPDATE SKIP LOCKED}
 * (a run a cancel holds is skipped, not waited for). Ends and sweeps only lower the counts, so they
 * need not take the lock.
 *
 * <p>Heartbeat, finish, cancel and sweep lock the run's row; a lease is proven by its fencing
 * epoch, which grows with every claim.
 */
@ApplicationScoped
public class RunQueue {

    private static final Logger LOG = Logger.getLogger(RunQueue.class);

    /** The advisory lock of the limits ("chant" in ASCII): held by one claiming transaction at a time. */
    static final long LIMITS_LOCK = 0x6368616e74L;

    static final String CLAIMED = "('preparing', 'running', 'finalizing')";

    /** The longest end reason a runner may report. */
    static final int MAX_REASON = 10_000;
    /** A verify command's output kept with its run: the last 8 KiB the runner keeps, with room for multi-byte text. */
    static final int MAX_VERIFY_OUTPUT = 16 * 1024;
    static final int MAX_SPLIT_PLAN = 1024 * 1024;

    /** How many expired runs one sweep handles; the next sweep takes the rest. */
    static final int SWEEP_BATCH = 100;

    @Inject
    EntityManager em;

    @Inject
    DatabaseClock clock;

    @Inject
    QueueSettings settings;

    @Inject
    chant.agent.delivery.SpecDeliveries deliveries;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "chant.agent.work-root", defaultValue = ".chant-run/work")
    java.nio.file.Path workRoot;

    /** Fired when a slot frees (observers that claim act after the commit). */
    @Inject
    jakarta.enterprise.event.Event<chant.agent.run.QueueChanged> queueChanged;

    /** Claims the oldest run that may start now within the limits, or none. */
    @Transactional
    public Optional<Claim> claim(String runnerId) {
        String runner = RunFields.required("runner_id", runnerId);
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:key)) l")
                .setParameter("key", LIMITS_LOCK).getSingleResult();
        long claimed = ((Number) em.createNativeQuery("SELECT count(*) FROM run WHERE status IN " + CLAIMED)
                .getSingleResult()).longValue();
        if (claimed >= settings.maxActiveRuns()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                SELECT r.id FROM run r
                WHERE r.status = 'queued' AND r.not_before <= statement_timestamp()
                  AND r.project NOT IN (SELECT a.project FROM run a WHERE a.status IN %s
                                        GROUP BY a.project HAVING count(*) >= :perProject)
                ORDER BY r.id
                LIMIT 1
                FOR UPDATE OF r SKIP LOCKED""".formatted(CLAIMED))
                .setParameter("perProject", settings.maxActiveRunsPerProject())
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Run run = em.find(Run.class, ids.get(0).longValue());
        Instant now = clock.now();
        run.status = RunStatus.PREPARING;
        run.leaseOwner = runner;
        run.leaseEpoch++;
        run.leaseExpiresAt = now.plus(settings.lease());
        run.startedAt = now;
        return Optional.of(new Claim(run, heartbeatSeconds()));
    }

    /**
     * Extends the lease of a run and records its progress.
     *
     * @throws ConflictException           when {@code epoch} is not the current lease
     * @throws PreconditionFailedException when the run has ended
     */
    @Transactional
    public Beat heartbeat(long runId, long epoch, RunStatus progress, String baseCommit) {
        Run run = lock(runId);
        checkLease(run, epoch);
        if (progress != null && progress != run.status) {
            if (!progress.claimed() || progress.ordinal() < run.status.ordinal()) {
                throw new InvalidRequestException("status " + progress.dbName() + " is not a step forward from "
                        + run.status.dbName() + ": report preparing, running or finalizing, in that order");
            }
            run.status = progress;
        }
        if (baseCommit != null && !baseCommit.isEmpty()) {
            run.baseCommit = RunFields.optional("base_commit", baseCommit);
        }
        run.leaseExpiresAt = clock.now().plus(settings.lease());
        return new Beat(run, heartbeatSeconds());
    }

    /**
     * Keeps a split run's checked members before its runner creates any; the first plan recorded stays,
     * so every attempt creates the same members. Returns the plan the run keeps.
     *
     * @throws ConflictException           when {@code epoch} is not the current lease
     * @throws PreconditionFailedException when the run has ended or is no split run
     */
    @Transactional
    public String recordSplitPlan(long runId, long epoch, String plan) {
        if (plan == null || plan.isBlank()) {
            throw new InvalidRequestException("plan is required: the split's members as JSON");
        }
        if (plan.length() > MAX_SPLIT_PLAN) {
            throw new InvalidRequestException("plan is " + plan.length() + " characters long: at most " + MAX_SPLIT_PLAN);
        }
        Run run = lock(runId);
        checkLease(run, epoch);
        if (!run.isSplit()) {
            throw new PreconditionFailedException(run.label() + " is no split run: only a split run has a plan");
        }
        if (run.splitPlan == null) {
            run.splitPlan = plan;
        }
        return run.splitPlan;
    }

    /**
     * Ends a run as its runner reports, or queues it again after a retryable failure.
     *
     * @throws ConflictException           when {@code epoch} is not the current lease
     * @throws PreconditionFailedException when the run has ended otherwise
     */
    @Transactional
    public Run finish(Finish f) {
        if (f.outcome() == null) {
            throw new InvalidRequestException("outcome is required: succeeded, failed, retryable_failure or cancelled");
        }
        if (negative(f.costUsd() == null ? null : f.costUsd().signum()) || negative(f.inputTokens())
                || negative(f.outputTokens())) {
            throw new InvalidRequestException("usage may not be negative");
        }
        if (f.reason() != null && f.reason().length() > MAX_REASON) {
            throw new InvalidRequestException("reason is " + f.reason().length() + " characters long: use at most "
                    + MAX_REASON + " (the run's log holds the details)");
        }
        Run run = lock(f.runId());
        if (run.status.ended() && Long.valueOf(f.epoch()).equals(run.finishedEpoch)
                && run.status == endStatus(f.outcome(), run)) {
            return run;
        }
        checkLease(run, f.epoch());
        boolean verify = run.runKind() == chant.agent.work.RunKind.VERIFY;
        java.util.Optional<chant.support.verify.Verification> verification = f.verification() == null
                ? java.util.Optional.empty() : f.verification();
        if (verification.isPresent() && !verify) {
            throw new InvalidRequestException("verification is only for a verify run; " + run.label() + " is a "
                    + run.kind + " run");
        }
        if (verify && f.outcome() == Outcome.SUCCEEDED && verification.isEmpty()) {
            throw new InvalidRequestException("a verify run that succeeded reports what its command did (verification)");
        }
        if (verification.isPresent() && verification.get().outputTail().length() > MAX_VERIFY_OUTPUT) {
            throw new InvalidRequestException("verification.output_tail is " + verification.get().outputTail().length()
                    + " characters long: send at most the last " + MAX_VERIFY_OUTPUT);
        }
        Instant now = clock.now();
        verification.ifPresent(v -> {
            run.verifyExitCode = v.exitCode();
            run.verifyTimedOut = v.timedOut();
            run.verifyOutput = v.outputTail();
            run.verifyMillis = v.duration().toMillis();
        });
        if (f.headCommit() != null && !f.headCommit().isEmpty()) {
            run.headCommit = RunFields.optional("head_commit", f.headCommit());
        }
        if (f.costUsd() != null) {
            run.costUsd = f.costUsd();
        }
        if (f.inputTokens() != null) {
            run.inputTokens = f.inputTokens();
        }
        if (f.outputTokens() != null) {
            run.outputTokens = f.outputTokens();
        }
        String reason = f.reason() == null ? "" : f.reason();
        run.finishedEpoch = f.epoch();
        if (f.keptCheckout() != null && !f.keptCheckout().isEmpty()) {
            run.keptCheckout = RunFields.optional("kept_checkout", f.keptCheckout());
        }
        if (run.pauseRequested) {
            // Whatever the runner reports, a pause ends the run as cancelled and the spec as paused.
            run.end(RunStatus.CANCELLED, run.pausedByText() + (reason.isEmpty() ? "" : "; " + reason), now);
            SpecResult paused = f.specResult().filter(r -> r.end() == SpecEnd.PAUSED)
                    .orElseGet(() -> new SpecResult(run.id, run.project, run.specId, null, List.of(), "", "", "",
                            SpecEnd.PAUSED, ""));
            deliveries.record(run.asEnded(), Optional.of(new SpecResult(run.id, run.project, run.specId, paused.body(),
                    paused.commits(), paused.branch(), "", paused.model(), SpecEnd.PAUSED, run.endReason)));
            return run;
        }
        if (run.cancelRequested) {
            run.end(RunStatus.CANCELLED, "cancelled by " + run.cancelRequestedBy + (reason.isEmpty() ? "" : ": " + reason),
                    now);
            deliveries.record(run.asEnded(), f.specResult().map(r -> r.forRun(run.id, run.project, run.specId)));
            queueChanged.fire(new chant.agent.run.QueueChanged(run.label() + " cancelled"));
            return run;
        }
        switch (f.outcome()) {
            case SUCCEEDED -> run.end(RunStatus.SUCCEEDED, reason, now);
            case FAILED -> run.end(RunStatus.FAILED, reason, now);
            case CANCELLED -> run.end(RunStatus.CANCELLED, reason, now);
            case RETRYABLE_FAILURE -> retryOrFail(run, "attempt " + run.attempt + " failed: " + reason, now);
        }
        if (run.status.ended()) {
            deliveries.record(run.asEnded(), f.outcome() == Outcome.RETRYABLE_FAILURE ? Optional.empty()
                    : f.specResult().map(r -> r.forRun(run.id, run.project, run.specId)));
        }
        queueChanged.fire(new chant.agent.run.QueueChanged(run.label() + " " + run.status.dbName()));
        return run;
    }

    /**
     * Ends the attempt of lease {@code epoch} as timed out: its backend saw it stopped at its deadline (a
     * Kubernetes Job's {@code activeDeadlineSeconds}) before the sweep did.
     *
     * @throws ConflictException           when {@code epoch} is not the current lease
     * @throws PreconditionFailedException when the run has ended
     */
    @Transactional
    public Run timeOut(long runId, long epoch, String reason) {
        Run run = lock(runId);
        checkLease(run, epoch);
        run.finishedEpoch = epoch;
        run.end(RunStatus.TIMED_OUT, "attempt " + run.attempt + " took longer than its timeout of " + run.timeoutSeconds
                + " s" + (reason.isEmpty() ? "" : ": " + reason), clock.now());
        deliveries.record(run.asEnded(), Optional.empty());
        queueChanged.fire(new chant.agent.run.QueueChanged(run.label() + " timed out"));
        return run;
    }

    /**
     * Ends runs that exceeded their timeout (TIMED_OUT); of runs whose lease expired (when
     * {@code expiredLeases}), ends those whose cancellation was requested (CANCELLED) and re-queues
     * or fails the others. Returns how many runs it changed.
     */
    @Transactional
    public int sweep(boolean expiredLeases) {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                SELECT id, started_at + make_interval(secs => timeout_seconds) < now() AS timed_out
                FROM run
                WHERE status IN %s
                  AND (%s OR started_at + make_interval(secs => timeout_seconds) < now())
                ORDER BY id
                LIMIT %d
                FOR UPDATE SKIP LOCKED""".formatted(CLAIMED, expiredLeases ? "lease_expires_at < now()" : "false",
                SWEEP_BATCH)).getResultList();
        if (due.isEmpty()) {
            return 0;
        }
        Instant now = clock.now();
        for (Object[] row : due) {
            Run run = em.find(Run.class, ((Number) row[0]).longValue());
            if (Boolean.TRUE.equals(row[1])) {
                LOG.infof("%s of spec %s timed out after %d s (runner %s)", run.label(), run.specId, run.timeoutSeconds,
                        run.leaseOwner);
                run.end(RunStatus.TIMED_OUT, "attempt " + run.attempt + " took longer than its timeout of "
                        + run.timeoutSeconds + " s", now);
                deliveries.record(run.asEnded(), Optional.empty());
            } else if (run.pauseRequested) {
                Optional<java.nio.file.Path> kept = keepLeftover(run);
                LOG.infof("%s of spec %s paused: the lease of runner %s expired at %s; checkout %s", run.label(),
                        run.specId, run.leaseOwner, run.leaseExpiresAt, kept.map(Object::toString).orElse("none"));
                kept.ifPresent(path -> run.keptCheckout = path.toString());
                run.end(RunStatus.CANCELLED, run.pausedByText() + "; runner " + run.leaseOwner
                        + " stopped reporting (its lease expired at " + run.leaseExpiresAt + "); "
                        + kept.map(path -> "checkout kept at " + path).orElse("no checkout of it was left to keep"), now);
                deliveries.record(run.asEnded(), Optional.of(new SpecResult(run.id, run.project, run.specId, null,
                        List.of(), "", "", "", SpecEnd.PAUSED, run.endReason)));
            } else if (run.cancelRequested) {
                LOG.infof("%s of spec %s cancelled: the lease of runner %s expired at %s", run.label(), run.specId,
                        run.leaseOwner, run.leaseExpiresAt);
                run.end(RunStatus.CANCELLED, "cancelled by " + run.cancelRequestedBy + "; runner " + run.leaseOwner
                        + " stopped reporting (its lease expired at " + run.leaseExpiresAt + ")", now);
                deliveries.record(run.asEnded(), Optional.empty());
            } else {
                LOG.warnf("%s of spec %s lost: the lease of runner %s expired at %s", run.label(), run.specId,
                        run.leaseOwner, run.leaseExpiresAt);
                retryOrFail(run, "attempt " + run.attempt + " was lost: the lease of runner " + run.leaseOwner
                        + " expired at " + run.leaseExpiresAt + " without a heartbeat", now);
            }
        }
        queueChanged.fire(new chant.agent.run.QueueChanged(due.size() + " runs swept"));
        return due.size();
    }

    /**
     * The checkout a dead runner left in the work root, moved under {@code kept/} so that its path stays
     * valid (a later run of the spec would move it anyway). Only the run's own runner made it there: no
     * other run of the spec can be active while this one is, and this one ends in this transaction.
     */
    private Optional<java.nio.file.Path> keepLeftover(Run run) {
        try {
            return RunWorkspace.keepLeftover(workRoot.toAbsolutePath(), run.project, run.specId, java.time.Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.warnf("%s: the checkout left in %s could not be kept: %s", run.label(), workRoot, e.toString());
            return Optional.empty();
        }
    }

    private void retryOrFail(Run run, String why, Instant now) {
        if (run.attempt < settings.maxAttempts()) {
            run.status = RunStatus.QUEUED;
            run.attempt++;
            run.notBefore = now.plus(settings.backoff().before(run.attempt));
            run.retryReason = why;
            run.finishedEpoch = null;
            run.cancelRequested = false;
            run.releaseLease();
        } else {
            run.end(RunStatus.FAILED, why + " (attempt " + run.attempt + " of " + settings.maxAttempts()
                    + ": no attempts left)", now);
            deliveries.record(run.asEnded(), Optional.empty());
        }
    }

    private Run lock(long runId) {
        Run run = em.find(Run.class, runId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw Runs.notFound(runId);
        }
        return run;
    }

    /** The lease of {@code epoch} is the run's current one and the run is still held. */
    private static void checkLease(Run run, long epoch) {
        if (epoch != run.leaseEpoch) {
            throw new ConflictException("the lease of " + run.label() + " with epoch " + epoch
                    + " is no longer valid: the current epoch is " + run.leaseEpoch + " (" + run.status.dbName()
                    + "); stop working on it (nothing was changed)");
        }
        if (run.status.ended()) {
            throw new PreconditionFailedException(run.label() + " has ended (" + run.status.dbName()
                    + (run.endReason.isEmpty() ? "" : ": " + run.endReason) + "): stop working on it");
        }
        if (run.status == RunStatus.QUEUED) {
            throw new ConflictException("the lease of " + run.label() + " with epoch " + epoch
                    + " was lost and the run was queued again (attempt " + run.attempt + ", " + run.retryReason
                    + "): stop working on it (nothing was changed)");
        }
    }

    private static RunStatus endStatus(Outcome outcome, Run run) {
        if (run.cancelRequested || run.pauseRequested) {
            return RunStatus.CANCELLED;
        }
        return switch (outcome) {
            case SUCCEEDED -> RunStatus.SUCCEEDED;
            case FAILED, RETRYABLE_FAILURE -> RunStatus.FAILED;
            case CANCELLED -> RunStatus.CANCELLED;
        };
    }

    private static boolean negative(Number n) {
        return n != null && n.longValue() < 0;
    }

    private int heartbeatSeconds() {
        return (int) Math.max(1, settings.lease().toSeconds() / 3);
    }
}
