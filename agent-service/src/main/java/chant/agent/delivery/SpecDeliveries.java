package chant.agent.delivery;

import chant.agent.work.RunKind;
import chant.agent.work.SpecEnd;
import chant.agent.work.SpecResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox of run results: {@link #record} writes a result in the transaction that ends its run,
 * so a result is never lost and never written for a run that did not end; {@link SpecDeliverer}
 * delivers it. Each delivery is taken under a row lock with SKIP LOCKED, so replicas never deliver
 * one result at once.
 */
@ApplicationScoped
public class SpecDeliveries {

    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofMinutes(2);

    @Inject
    EntityManager em;

    /**
     * Keeps what an ended run reports to its spec, once per run. Without a result from the runner
     * (the run timed out, was lost for good, or was cancelled), the spec fails with the run's end.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(EndedRun run, Optional<SpecResult> result) {
        if (run.split() || run.kind() == RunKind.VERIFY || em.find(SpecDelivery.class, run.runId()) != null) {
            // A split run reports nothing to its spec (the members it created are its result); a verify run changes
            // nothing of its spec (merge-service reads its result).
            return;
        }
        // A merge-conflict run that ended without its runner's word leaves the spec needing attention: its work is
        // done, only the merge is not.
        SpecResult r = result.orElseGet(() -> new SpecResult(run.runId(), run.project(), run.specId(), null, List.of(), "",
                "", "", run.kind() == RunKind.MERGE_CONFLICT ? SpecEnd.NEEDS_ATTENTION : SpecEnd.FAILED,
                run.status() + (run.endReason().isEmpty() ? "" : ": " + run.endReason())));
        SpecDelivery d = new SpecDelivery();
        d.runId = run.runId();
        d.project = run.project();
        d.specId = run.specId();
        d.caller = run.createdBy();
        d.body = r.body();
        d.commits = new java.util.ArrayList<>(r.commits());
        d.branch = r.branch();
        d.model = r.model();
        d.specEnd = r.end().name();
        d.reason = r.reason();
        d.completedAt = r.completedAt();
        // A resolved merge conflict rebased the branch: its commits replace the spec's, which are no longer on it.
        d.replaceCommits = run.kind() == RunKind.MERGE_CONFLICT && r.end() == SpecEnd.COMPLETED;
        d.nextAttemptAt = Instant.now();
        em.persist(d);
    }

    /** A run that ended: what a delivery needs to know of it. */
    public record EndedRun(long runId, String project, String specId, String createdBy, String status, String endReason,
            RunKind kind) {

        public boolean split() {
            return kind == RunKind.SPLIT;
        }
    }

    /** The oldest delivery due now that no other transaction holds, locked until this one ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<SpecDelivery> lockNextDue() {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("""
                SELECT run_id FROM spec_delivery WHERE state = 'pending' AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED""").getResultList();
        return ids.stream().findFirst().map(id -> em.find(SpecDelivery.class, id.longValue()));
    }

    /** The result reached the spec, which now has {@code statusAfter}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delivered(SpecDelivery d, String statusAfter) {
        d.state = "delivered";
        d.deliveredAt = Instant.now();
        d.attempts++;
        showOnRun(d.runId, "delivered", statusAfter);
    }

    /** spec-service refused the result for good: recorded on the run with its reason. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refused(SpecDelivery d, String why) {
        d.state = "refused";
        d.attempts++;
        d.lastError = why;
        showOnRun(d.runId, "refused: " + why, "");
    }

    /** spec-service could not be reached: tried again later, waiting longer each time (capped). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void later(SpecDelivery d, String why) {
        d.attempts++;
        d.lastError = why;
        long factor = 1L << Math.min(d.attempts - 1, 10);
        Duration wait = FIRST_RETRY.multipliedBy(factor);
        d.nextAttemptAt = Instant.now().plus(wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait);
    }

    private void showOnRun(long runId, String delivery, String statusAfter) {
        em.createNativeQuery("UPDATE run SET spec_delivery = :delivery, spec_status_after = :after WHERE id = :id")
                .setParameter("delivery", delivery).setParameter("after", statusAfter).setParameter("id", runId)
                .executeUpdate();
    }
}
