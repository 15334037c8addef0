package chant.merge.request;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Says "a merge request changed" to this process's watchers, after the change committed. Changes
 * made by another process are found by the watchers' poll.
 */
@ApplicationScoped
public class MergeSignal {

    private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());

    /** Completes at the next change (or when the caller completes it). */
    public CompletableFuture<Void> next() {
        return next.get();
    }

    /** A change committed: wakes everyone waiting. */
    public void changed() {
        next.getAndSet(new CompletableFuture<>()).complete(null);
    }
}
