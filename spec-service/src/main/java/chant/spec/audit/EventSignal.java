package chant.spec.audit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wakes watchers when events have been committed in this process. Watchers also poll, so events
 * committed by other instances of the service reach them too, a little later.
 */
@ApplicationScoped
public class EventSignal {

    private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended event) {
        next.getAndSet(new CompletableFuture<>()).complete(null);
    }

    /** Completes at the next commit of an event. */
    public Uni<Void> nextCommit() {
        return Uni.createFrom().completionStage(next.get());
    }
}
