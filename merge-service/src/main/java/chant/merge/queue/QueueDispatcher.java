package chant.merge.queue;

import chant.merge.remote.SpecServiceClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This process's part of the queue: every dispatch interval, and at once when a request was
 * submitted to this process ({@link MergeSignal}), it claims a queue that has a request
 * and no live lease and works it (one queue at a time per process; other processes take the other
 * queues), renews the lease it holds while it works, and retries merges spec-service has not
 * confirmed yet.
 */
@ApplicationScoped
public class QueueDispatcher {

    private static final Logger LOG = Logger.getLogger(QueueDispatcher.class);

    /** The most queues one dispatch works one after the other before the next tick. */
    static final int QUEUES_PER_DISPATCH = 10;

    @Inject
    MergeQueues queues;

    @Inject
    chant.merge.request.MergeSignal signal;

    /** Runs a dispatch when a change was signalled, so that a new request does not wait for the next tick. */
    private final java.util.concurrent.ExecutorService wakeUps = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "merge-dispatch-wake-up");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean stopped;

    @Inject
    MergeWorker worker;

    @Inject
    SpecServiceClient specService;

    @ConfigProperty(name = "chant.merge.worker.enabled", defaultValue = "true")
    boolean enabled;

    /** This process as a lease holder: host, process ID, and a random part (a restarted process is another holder). */
    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final ReentrantLock working = new ReentrantLock();
    private volatile boolean paused;
    private volatile Lease current;

    public String holder() {
        return holder;
    }

    @Scheduled(every = "${chant.merge.dispatch-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        if (!enabled || paused || stopped || !working.tryLock()) {
            return;
        }
        try {
            for (int i = 0; i < QUEUES_PER_DISPATCH && !paused && !stopped; i++) {
                Optional<Lease> lease = queues.claim(holder, null);
                if (lease.isEmpty()) {
                    return;
                }
                current = lease.get();
                try {
                    worker.work(lease.get());
                } finally {
                    current = null;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("dispatch failed: %s", e.getMessage());
        } finally {
            working.unlock();
        }
    }

    void start(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        awaitChange();
    }

    /**
     * Graceful shutdown (SIGTERM, a pod being stopped): claims no more queues, lets the worker end the
     * spec it is merging and give its queue back (released, not left to expire, so another replica
     * takes it over at once), and waits for that at most {@code chant.merge.shutdown-wait}, which is
     * shorter than the pod's grace period. A merge that takes longer (a long verify gate) is cut off
     * with the process, and its queue is taken over after the lease expires, its intent settled as
     * after a crash. Runs before the other shutdown observers, while the database pool is still open.
     */
    void stop(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(1) io.quarkus.runtime.ShutdownEvent event)
            throws InterruptedException {
        stopped = true;
        worker.drain();
        Lease held = current;
        if (held != null) {
            LOG.infof("stopping: %s is given up after the spec being merged", held.label());
        }
        if (working.tryLock(shutdownWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            working.unlock();
        } else {
            LOG.warnf("stopping: the merge under way did not end within %s; its queue is taken over when the lease"
                    + " expires", shutdownWait);
        }
        wakeUps.shutdownNow();
    }

    /** How long a stop waits for the merge under way (less than the pod's termination grace period). */
    @ConfigProperty(name = "chant.merge.shutdown-wait", defaultValue = "20s")
    java.time.Duration shutdownWait;

    /**
     * Dispatches after the next signalled change, then waits for the one after. Changes signalled
     * while a dispatch runs complete the next wait at once, so none is missed; a dispatch already
     * under way (the tick's) makes this one return at once (the lock), and the worker takes up every
     * request of the queue it holds before it gives the lease up.
     */
    private void awaitChange() {
        if (stopped) {
            return;
        }
        signal.next().thenRunAsync(() -> {
            // As the scheduler does for its ticks: the worker's reads need a request context.
            io.quarkus.arc.ManagedContext requestContext = io.quarkus.arc.Arc.container().requestContext();
            requestContext.activate();
            try {
                dispatch();
            } finally {
                requestContext.terminate();
                awaitChange();
            }
        }, wakeUps).exceptionally(e -> null);
    }

    /** Keeps the lease of the queue being worked alive (every third of the lease). */
    @Scheduled(every = "${chant.merge.renew-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        Lease lease = current;
        if (lease != null && !queues.renew(lease)) {
            LOG.warnf("%s: the lease was lost; the worker stops at its next step", lease.label());
        }
    }

    /** Tells spec-service about merges it has not confirmed yet. */
    @Scheduled(every = "${chant.merge.record-retry-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryRecords() {
        try {
            for (PendingRecord record : queues.pendingRecords(100)) {
                if (!RecordDelivery.deliver(queues, specService, record)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("pending merges could not be delivered: %s", e.getMessage());
        }
    }

    /** Stops dispatching and returns once the dispatch under way (if any) has finished (tests work queues themselves). */
    public void pause() {
        paused = true;
        working.lock();
        working.unlock();
    }

    public void resume() {
        paused = false;
    }
}
