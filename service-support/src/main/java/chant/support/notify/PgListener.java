package chant.support.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on one PostgreSQL notification channel on a connection of its own, outside any pool (it is
 * held for the life of the service), and hands every notification's payload to a {@link Listener}.
 * Whatever writes the notification (a trigger, {@code pg_notify} in a transaction), PostgreSQL delivers
 * it after the commit to every process that listens: this is how the replicas of a service wake each
 * other's waiters.
 *
 * <p>When the connection breaks, it connects again with a capped backoff, and each time it starts
 * listening it calls {@link Listener#resumed()}: notifications sent while nobody listened are lost, so
 * the listener wakes everyone to read again. The first start calls it too, which covers whatever was
 * committed before the listening began. Waiters should still read again now and then (a slow safety
 * net), since a notification can be lost in the instant a connection breaks.
 *
 * <p>Plain JDBC and a thread of its own, so the services' CDI beans only start and stop it.
 */
public final class PgListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PgListener.class);

    /** A channel name PostgreSQL takes as an identifier without quoting (it is written into LISTEN). */
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** How long one wait for notifications blocks, so that a stop is noticed. */
    private static final int RECEIVE_MILLIS = 500;

    /** How often the idle connection is checked (a peer that vanished without closing it). */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    /** What hears the notifications; called on the listener's own thread, so it should not block. */
    public interface Listener {
        /** A notification on the channel, with its payload ("" when it had none). */
        void notified(String payload);

        /** The channel is listened to (again): whatever was notified meanwhile is lost, so wake everyone. */
        void resumed();
    }

    /** Opens the dedicated connection. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final String channel;
    private final Connector connector;
    private final Listener listener;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection connection;

    private PgListener(String channel, Connector connector, Listener listener) {
        this.channel = channel;
        this.connector = connector;
        this.listener = listener;
        this.thread = new Thread(this::listen, "pg-listen-" + channel);
        this.thread.setDaemon(true);
    }

    /**
     * Starts listening on {@code channel} on a thread of its own; returns at once (the first
     * connection is made on that thread, and a database that is down is retried as after a break).
     */
    public static PgListener start(String channel, Connector connector, Listener listener) {
        if (!CHANNEL.matcher(Objects.requireNonNull(channel, "channel")).matches()) {
            throw new IllegalArgumentException("a notification channel is a lower-case SQL identifier: " + channel);
        }
        PgListener started = new PgListener(channel, Objects.requireNonNull(connector, "connector"),
                Objects.requireNonNull(listener, "listener"));
        started.thread.start();
        return started;
    }

    /**
     * A connector to the service's own database: the URL and credentials of its default datasource
     * ({@code quarkus.datasource.jdbc.url}, {@code .username}, {@code .password}), read from
     * {@code config}.
     */
    public static Connector connector(org.eclipse.microprofile.config.Config config, String applicationName) {
        return connector(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null), applicationName);
    }

    /**
     * A connector by JDBC URL and credentials; {@code applicationName} is how the connection shows in
     * {@code pg_stat_activity}. TCP keep-alive finds a peer that vanished without closing the socket.
     */
    public static Connector connector(String url, String user, String password, String applicationName) {
        return () -> {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            properties.setProperty("ApplicationName", applicationName);
            properties.setProperty("tcpKeepAlive", "true");
            return DriverManager.getConnection(url, properties);
        };
    }

    /** Whether the channel is listened to right now. */
    public boolean listening() {
        return listening;
    }

    /** How many times a connection started listening (1 without failures). */
    public int connections() {
        return connections.get();
    }

    /** Stops listening and closes the connection; waits a little for the thread to end. */
    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (running) {
            try (Connection c = connector.connect()) {
                connection = c;
                if (!running) {
                    return;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (backoff > FIRST_BACKOFF_MILLIS) {
                    LOG.infof("listening on %s again", channel);
                }
                listening = true;
                connections.incrementAndGet();
                resumed();
                backoff = FIRST_BACKOFF_MILLIS;
                long checked = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications(RECEIVE_MILLIS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            notified(n.getParameter());
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
                LOG.warnf("listening on %s failed (%s): waiters fall back to reading now and then until it is"
                        + " back; connecting again in %d ms", channel, e.getMessage(), backoff);
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

    private void resumed() {
        try {
            listener.resumed();
        } catch (RuntimeException e) {
            LOG.errorf(e, "waking everyone after listening on %s began failed", channel);
        }
    }

    private void notified(String payload) {
        try {
            listener.notified(payload == null ? "" : payload);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling a notification on %s failed: %s", channel, payload);
        }
    }
}
