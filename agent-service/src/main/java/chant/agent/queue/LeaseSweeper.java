package chant.agent.queue;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Every {@code chant.agent.sweep-interval} (default 5 s): runs whose lease expired are re-queued
 * or failed, runs past their timeout end as TIMED_OUT. Replicas may sweep at once: each run is
 * taken under a row lock with SKIP LOCKED.
 */
@ApplicationScoped
public class LeaseSweeper {

    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);

    @Inject
    RunQueue queue;

    @Scheduled(identity = "run-lease-sweeper", every = "${chant.agent.sweep-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int changed;
            do {
                changed = queue.sweep();
            } while (changed == RunQueue.SWEEP_BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("sweeping expired leases failed (next sweep retries): %s", e.toString());
        }
    }
}
