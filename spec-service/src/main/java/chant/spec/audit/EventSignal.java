package chant.spec.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    private final Set<CompletableFuture<Void>> waiters = ConcurrentHashMap.newKeySet();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended event) {
        commits.incrementAndGet();
        waiters.forEach(w -> w.complete(null));
    }

    /**
     * Completes at the first commit of an event after this call, so that a watcher that registers,
     * reads and then waits misses no commit in between. Completing it yourself (a timeout, a client
     * that went away) unregisters it.
     */
    public CompletableFuture<Void> nextCommit() {
        long seen = commits.get();
        CompletableFuture<Void> wake = new CompletableFuture<>();
        waiters.add(wake);
        wake.whenComplete((v, e) -> waiters.remove(wake));
        if (commits.get() != seen) {
            wake.complete(null);
        }
        return wake;
    }

    /** How many watchers wait now (for tests: none is left behind). */
    int waiting() {
        return waiters.size();
    }
}
