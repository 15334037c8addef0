package chant.spec.audit;

import chant.support.notify.PgListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Wakes watchers when events have been committed, through this replica or any other. A trigger
 * ({@code V13__spec_event_notify.sql}) notifies PostgreSQL channel {@value #CHANNEL} after each commit
 * that appended an event, and every replica listens on it ({@link PgListener}: a connection of its own
 * outside the pool, connected again after a break). A commit in this process also wakes its watchers
 * directly, without the round trip. When the listening starts (again) every watcher is woken, since
 * notifications sent meanwhile are lost; watchers also read again every {@link EventFeed#POLL_INTERVAL}
 * as a slow safety net.
 *
 * <p>Each waiter is its own; one that gives up (its poll interval passed, its client went away)
 * only removes itself and never disturbs the others. A wake-up only makes a watcher read after the
 * last sequence it sent, so a second one (the direct wake and the notification) sends nothing twice.
 */
@ApplicationScoped
public class EventSignal {

    static final String CHANNEL = "spec_event";

    /** How the listening connection shows in pg_stat_activity. */
    public static final String APPLICATION_NAME = "spec-service event notifications";

    private final AtomicLong commits = new AtomicLong();
    private final Set<CompletableFuture<Void>> waiters = ConcurrentHashMap.newKeySet();
    private volatile PgListener listener;

    void start(@Observes StartupEvent event) {
        listener = PgListener.start(CHANNEL,
                PgListener.connector(ConfigProvider.getConfig(), APPLICATION_NAME),
                new PgListener.Listener() {
                    @Override
                    public void notified(String payload) {
                        wakeAll();
                    }

                    @Override
                    public void resumed() {
                        wakeAll();
                    }
                });
    }

    void stop(@Observes ShutdownEvent event) {
        PgListener l = listener;
        if (l != null) {
            l.close();
        }
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended event) {
        wakeAll();
    }

    private void wakeAll() {
        commits.incrementAndGet();
        waiters.forEach(w -> w.complete(null));
    }

    /**
     * Completes at the first commit of an event after this call (in any replica), so that a watcher
     * that registers, reads and then waits misses no commit in between. Completing it yourself (a
     * timeout, a client that went away) unregisters it.
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

    /** Whether the notification channel is listened to right now. */
    public boolean listening() {
        PgListener l = listener;
        return l != null && l.listening();
    }

    /** How many watchers wait now (for tests: none is left behind). */
    int waiting() {
        return waiters.size();
    }
}
