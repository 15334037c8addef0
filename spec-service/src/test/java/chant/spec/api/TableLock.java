package chant.spec.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A table of the service's database locked by the test (EXCLUSIVE: reads go on, writes wait), so
 * that a request writing it stops in the middle of its transaction until the test releases it.
 * The test sees who waits in {@code pg_locks}: nothing here sleeps.
 */
final class TableLock implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Holds the lock: one transaction from {@link #exclusive} to {@link #release}. */
    private final Connection connection;

    /**
     * Watches the others, one statement a transaction: within a transaction PostgreSQL shows the
     * same snapshot of pg_stat_activity again and again.
     */
    private final Connection observer;

    private TableLock(Connection connection, Connection observer) {
        this.connection = connection;
        this.observer = observer;
    }

    /** Locks {@code table} (schema-qualified) in EXCLUSIVE mode until {@link #release()}. */
    static TableLock exclusive(String table) throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        try (Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        }
        return new TableLock(connection, connect());
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /**
     * Waits until exactly {@code count} other sessions of this database wait for a lock, any lock
     * (this table, a row, an advisory lock); returns their process IDs, the longest waiting first.
     */
    List<Integer> awaitWaiting(int count) {
        List<List<Integer>> seen = new ArrayList<>(List.of(List.of()));
        try {
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        seen.set(0, waiting());
                        return seen.get(0).size() == count;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " sessions waiting for a lock, saw " + seen.get(0).size()
                    + " after " + DEADLINE.toSeconds() + " s: " + sessions(), e);
        }
        return seen.get(0);
    }

    /** What the other sessions of this database are doing, for a failure message. */
    private List<String> sessions() {
        try (PreparedStatement query = observer.prepareStatement("""
                SELECT a.pid, a.state, a.wait_event_type, a.wait_event, left(a.query, 100) FROM pg_stat_activity a
                WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() ORDER BY a.pid""");
                ResultSet rows = query.executeQuery()) {
            List<String> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(rows.getInt(1) + " " + rows.getString(2) + " " + rows.getString(3) + "/" + rows.getString(4)
                        + ": " + rows.getString(5));
            }
            return sessions;
        } catch (SQLException e) {
            return List.of("(cannot list the sessions: " + e.getMessage() + ")");
        }
    }

    private List<Integer> waiting() throws SQLException {
        try (PreparedStatement query = observer.prepareStatement("""
                SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.datname = current_database()
                GROUP BY l.pid ORDER BY min(l.waitstart)""");
                ResultSet rows = query.executeQuery()) {
            List<Integer> pids = new ArrayList<>();
            while (rows.next()) {
                pids.add(rows.getInt(1));
            }
            return pids;
        }
    }

    /** Ends session {@code pid} as an administrator would: its transaction rolls back. */
    void terminate(int pid) throws SQLException {
        try (PreparedStatement kill = observer.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.execute();
        }
    }

    /** Lets the waiting writers go on. */
    void release() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        try (observer; connection) {
            connection.rollback();
        }
    }
}
