package chant.agent.log;

import chant.support.notify.PgListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL} ({@link PgListener}: a connection of its own,
 * outside the pool, connected again after a break) and wakes the followers of the run each
 * notification names. The triggers of {@code V2__run_logs.sql} notify when a chunk is stored or a run
 * ends, after the commit, whichever replica wrote it.
 *
 * <p>Each time the listening starts (again) it wakes every follower, since notifications sent
 * meanwhile are lost; followers also read again every {@link LogSettings#pollInterval()} while they
 * wait, so none waits for ever on a lost notification.
 */
@ApplicationScoped
public class LogNotifications {

    private static final Logger LOG = Logger.getLogger(LogNotifications.class);

    static final String CHANNEL = "agent_run_log";

    /** How the listening connection shows in pg_stat_activity. */
    public static final String APPLICATION_NAME = "agent-service run log notifications";

    @Inject
    LogSignal signal;

    @Inject
    LogSettings settings;

    private volatile PgListener listener;

    void start(@Observes StartupEvent event) {
        settings.maxBytes();
        listener = PgListener.start(CHANNEL,
                PgListener.connector(ConfigProvider.getConfig(), APPLICATION_NAME),
                new PgListener.Listener() {
                    @Override
                    public void notified(String payload) {
                        wake(payload);
                    }

                    @Override
                    public void resumed() {
                        signal.wakeAll();
                    }
                });
    }

    void stop(@Observes ShutdownEvent event) {
        PgListener l = listener;
        if (l != null) {
            l.close();
        }
    }

    /** Whether the channel is listened to right now. */
    public boolean listening() {
        PgListener l = listener;
        return l != null && l.listening();
    }

    /** How many times a connection started listening (1 without failures). */
    public int connections() {
        PgListener l = listener;
        return l == null ? 0 : l.connections();
    }

    private void wake(String payload) {
        try {
            signal.wake(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.warnf("ignored a notification on %s that names no run: %s", CHANNEL, payload);
        }
    }
}
