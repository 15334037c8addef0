package chant.spec.audit;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A live feed of the audit trail that follows new events as they are committed. */
@ApplicationScoped
public class EventFeed {

    /** How long a watcher waits for a signal before it polls anyway (events of other instances). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    static final int BATCH = 100;

    @Inject
    EventSignal signal;

    @Inject
    EventReader reader;

    /**
     * Events after the query's sequence as they are committed, for as long as the subscriber
     * wants them. Each batch is read only when the subscriber asks for more (flow control); when
     * there is nothing new the feed waits for a commit signal or the poll interval.
     */
    public Multi<SpecEvent> follow(EventQuery query) {
        AtomicLong cursor = new AtomicLong(query.afterSequence());
        return Multi.createBy().repeating()
                .uni(() -> nextBatch(query, cursor))
                .indefinitely()
                .onItem().transformToIterable(batch -> batch);
    }

    private Uni<List<SpecEvent>> nextBatch(EventQuery query, AtomicLong cursor) {
        Uni<Void> wake = signal.nextCommit();
        return Uni.createFrom().item(() -> reader.page(query.after(cursor.get()), BATCH))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(batch -> {
                    if (!batch.isEmpty()) {
                        cursor.set(batch.get(batch.size() - 1).sequence());
                        return Uni.createFrom().item(batch);
                    }
                    return wake.ifNoItem().after(POLL_INTERVAL).recoverWithItem((Void) null)
                            .replaceWith(List.<SpecEvent>of());
                });
    }
}
