package chant.agent.log;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the followers of a run's log when {@link LogNotifications} hears that a chunk was stored or
 * the run ended (in any replica).
 *
 * <p>Every waiter is its own future: one that completes or gives up (its poll interval passed, its
 * client went away) only removes itself and never disturbs the others. A follower registers
 * <em>before</em> it reads the log, so a notification that arrives between its read and its wait
 * still wakes it.
 */
@ApplicationScoped
public class LogSignal {

    /** Waiters by run ID; a run's set is only changed inside the map's atomic operations, or after it left the map. */
    private final ConcurrentHashMap<Long, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

    /** A wake-up for the next notification of {@code runId} after this call. */
    public CompletableFuture<Void> register(long runId) {
        CompletableFuture<Void> wake = new CompletableFuture<>();
        waiters.compute(runId, (id, set) -> {
            Set<CompletableFuture<Void>> s = set == null ? new HashSet<>() : set;
            s.add(wake);
            return s;
        });
        return wake;
    }

    /** Removes a wake-up that is no longer needed (it completed, or its follower stopped). */
    public void forget(long runId, CompletableFuture<Void> wake) {
        if (wake == null) {
            return;
        }
        waiters.computeIfPresent(runId, (id, set) -> {
            set.remove(wake);
            return set.isEmpty() ? null : set;
        });
    }

    /** Wakes every follower of {@code runId}. */
    void wake(long runId) {
        Set<CompletableFuture<Void>> woken = waiters.remove(runId);
        if (woken != null) {
            woken.forEach(w -> w.complete(null));
        }
    }

    /** Wakes every follower: notifications may have been missed (the listening connection was down). */
    void wakeAll() {
        for (Long runId : waiters.keySet()) {
            wake(runId);
        }
    }

    /** How many wake-ups are registered (a follower holds at most one). */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }
}
