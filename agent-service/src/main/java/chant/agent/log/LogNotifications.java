package chant.agent.log;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL} on a connection of its own (outside the pool: it
 * is held for the life of the service) and wakes the followers of the run each notification names.
 * The triggers of {@code V2__run_logs.sql} notify when a chunk is stored or a run ends, after the
 * commit, whichever replica wrote it.
 *
 * <p>When the connection breaks, it reconnects with a capped backoff and then wakes every follower,
 * since notifications sent meanwhile are lost; followers also read again every
 * {@link LogSettings#pollInterval()} while they wait, so none waits for ever on a lost notification.
 */
@ApplicationScoped
public class LogNotifications {

    private static final Logger LOG = Logger.getLogger(LogNotifications.class);

    static final String CHANNEL = "agent_run_log";

    /** How the listening connection shows in pg_stat_activity. */
    public static final String APPLICATION_NAME = "agent-service run log notifications";

    /** How long one wait for notifications blocks, so that a stop is noticed. */
    private static final int RECEIVE_MILLIS = 500;

    /** How often the idle connection is checked (a peer that vanished without closing it). */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final long MAX_BACKOFF_MILLIS = 10_000;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Inject
    LogSignal signal;

    @Inject
    LogSettings settings;

    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean listening;
    private volatile Connection connection;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        settings.maxBytes();
        running = true;
        thread = new Thread(this::listen, "run-log-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Whether the channel is listened to right now. */
    public boolean listening() {
        return listening;
    }

    /** How many times a connection started listening (1 without failures). */
    public int connections() {
        return connections.get();
    }

    private void listen() {
        long backoff = 250;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (backoff > 250) {
                    LOG.infof("listening for run log notifications again");
                }
                listening = true;
                connections.incrementAndGet();
                signal.wakeAll();
                backoff = 250;
                long checked = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications(RECEIVE_MILLIS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            wake(n.getParameter());
                        }
                    }
                    if (System.nanoTime() - checked > CHECK_NANOS) {
                        if (!c.isValid(5)) {
                            throw new SQLException("the connection stopped answering");
                        }
                        checked = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                LOG.warnf("listening for run log notifications failed (%s): followers read every %s until it"
                        + " is back; connecting again in %d ms", e.getMessage(), settings.pollInterval(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, properties);
    }

    private void wake(String payload) {
        try {
            signal.wake(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.warnf("ignored a notification on %s that names no run: %s", CHANNEL, payload);
        }
    }
}
