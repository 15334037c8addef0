package chant.agent.queue;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Every {@code chant.agent.sweep-interval} (default 5 s): runs whose lease expired are re-queued
 * or failed, runs past their timeout end as TIMED_OUT. Replicas may sweep at once: each run is
 * taken under a row lock with SKIP LOCKED.
 *
 * <p>For one lease after this process started it sweeps timeouts only: while the service was down
 * (a restart, a crash) no runner could renew its lease, so a lease that ran out meanwhile says
 * nothing about its runner. The runners reconnect and renew within that lease; the ones that do not
 * are swept then.
 */
@ApplicationScoped
public class LeaseSweeper {

    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);

    @Inject
    RunQueue queue;

    @Inject
    QueueSettings settings;

    private volatile Instant started = Instant.now();

    void onStart(@Observes StartupEvent event) {
        started = Instant.now();
    }

    /** Whether an expired lease counts as lost at {@code now}: only once a whole lease has passed since the start. */
    boolean leasesMayBeLost(Instant now) {
        return !now.isBefore(started.plus(settings.lease()));
    }

    @Scheduled(identity = "run-lease-sweeper", every = "${chant.agent.sweep-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            boolean leases = leasesMayBeLost(Instant.now());
            int changed;
            do {
                changed = queue.sweep(leases);
            } while (changed == RunQueue.SWEEP_BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("sweeping expired leases failed (next sweep retries): %s", e.toString());
        }
    }
}
