package chant.spec.audit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes watchers when events have been committed in this process. Watchers also poll, so events
 * committed by other instances of the service reach them too, a little later.
 *
 * <p>Each waiter is its own; one that gives up (its poll interval passed, its client went away)
 * only removes itself and never disturbs the others.
 */
@ApplicationScoped
public class EventSignal {

    private final AtomicLong commits = new AtomicLong();
    private final Set<Runnable> waiters = ConcurrentHashMap.newKeySet();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended event) {
        commits.incrementAndGet();
        waiters.forEach(Runnable::run);
    }

    /**
     * Completes at the first commit of an event after this call (not after the subscription), so
     * that a watcher that reads and then waits misses no commit in between.
     */
    public Uni<Void> nextCommit() {
        long seen = commits.get();
        return Uni.createFrom().emitter(emitter -> {
            Runnable wake = () -> emitter.complete(null);
            waiters.add(wake);
            emitter.onTermination(() -> waiters.remove(wake));
            if (commits.get() != seen) {
                wake.run();
            }
        });
    }
}
