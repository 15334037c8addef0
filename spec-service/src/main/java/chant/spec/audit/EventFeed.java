package chant.spec.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A live feed of the audit trail that follows new events as they are committed: a {@link Cursor}
 * reads the next batch after what it read before, and {@link #nextCommit()} says when to look
 * again. The watch stream reads a batch only when its client can take it.
 */
@ApplicationScoped
public class EventFeed {

    /**
     * How long a watcher waits for a signal before it reads anyway: only a safety net, since commits
     * of every replica wake watchers through {@link EventSignal} at once.
     */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(15);
    /** The most events read at a time: what a slow client can make the service hold. */
    public static final int BATCH = 100;

    @Inject
    EventSignal signal;

    @Inject
    EventReader reader;

    /** A reader of the events after the query's sequence, a batch at a time. */
    public Cursor follow(EventQuery query) {
        return new Cursor(query);
    }

    /** Completes at the next commit of an event in any replica (see {@link EventSignal#nextCommit()}). */
    public CompletableFuture<Void> nextCommit() {
        return signal.nextCommit();
    }

    /** Where a watcher is in the trail; used by one reader at a time. */
    public final class Cursor {
        private EventQuery query;

        private Cursor(EventQuery query) {
            this.query = query;
        }

        /** The next events (at most {@link #BATCH}), oldest first; empty when there is none yet. */
        public List<SpecEvent> next() {
            List<SpecEvent> batch = reader.page(query, BATCH);
            if (!batch.isEmpty()) {
                query = query.after(batch.get(batch.size() - 1).sequence());
            }
            return batch;
        }
    }
}
