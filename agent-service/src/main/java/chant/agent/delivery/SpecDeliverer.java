package chant.agent.delivery;

import chant.support.remote.RemoteException;
import chant.agent.remote.SpecServiceClient;
import chant.agent.work.SpecEnd;
import chant.agent.work.SpecResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers run results to spec-service (every {@code chant.agent.delivery-interval}, default 2 s,
 * and right after a run ends). A result waits in the outbox for as long as spec-service is
 * unreachable. A spec that may not complete (unchecked criteria) needs attention instead, with
 * spec-service's reason.
 */
@ApplicationScoped
public class SpecDeliverer {

    private static final Logger LOG = Logger.getLogger(SpecDeliverer.class);

    /** Deliveries per round; the next round takes the rest. */
    static final int BATCH = 20;

    @Inject
    SpecDeliveries deliveries;

    @Inject
    SpecServiceClient specService;

    @Scheduled(identity = "spec-deliverer", every = "${chant.agent.delivery-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverDue() {
        try {
            for (int i = 0; i < BATCH && deliverOne(); i++) {
                // one delivery per transaction: a slow spec-service holds one row lock at a time
            }
        } catch (RuntimeException e) {
            LOG.warnf("delivering run results failed (the next round retries): %s", e.toString());
        }
    }

    /** Delivers the next due result; false when none is due. */
    boolean deliverOne() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<SpecDelivery> next = deliveries.lockNextDue();
            if (next.isEmpty()) {
                return false;
            }
            SpecDelivery d = next.get();
            SpecResult result = new SpecResult(d.runId, d.project, d.specId, d.body, d.commits, d.branch, d.completedAt,
                    d.model, SpecEnd.valueOf(d.specEnd), d.reason, d.replaceCommits);
            try {
                String status = deliver(result, d.caller);
                deliveries.delivered(d, status);
                LOG.infof("run %d: spec %s is now %s", d.runId, d.specId, status);
            } catch (RemoteException e) {
                if (e.retryable()) {
                    deliveries.later(d, e.getMessage());
                    LOG.infof("run %d: spec-service unavailable, the result for %s waits (%s)", d.runId, d.specId,
                            e.getMessage());
                } else {
                    deliveries.refused(d, e.getMessage());
                    LOG.warnf("run %d: spec-service refused the result for %s: %s", d.runId, d.specId, e.getMessage());
                }
            }
            return true;
        });
    }

    private String deliver(SpecResult result, String caller) {
        try {
            return specService.deliver(result, caller);
        } catch (RemoteException e) {
            if (result.end() == SpecEnd.COMPLETED && e.code().equals("FAILED_PRECONDITION")) {
                // The spec may not complete (criteria unchecked, ...): it needs a person, with the reason.
                return specService.deliver(new SpecResult(result.runId(), result.project(), result.specId(), result.body(),
                        result.commits(), result.branch(), "", result.model(), SpecEnd.NEEDS_ATTENTION,
                        e.getMessage(), result.replaceCommits()), caller);
            }
            throw e;
        }
    }
}
