package chant.support.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real local PostgreSQL (CHANT_TEST_DB_URL): what another process commits reaches the listener. */
class PgListenerTest {

    private static final String URL = System.getenv().getOrDefault("CHANT_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/chant_test");
    private static final String APPLICATION = "PgListenerTest listener";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<String> payloads = new CopyOnWriteArrayList<>();
    private final AtomicInteger resumed = new AtomicInteger();
    private PgListener listener;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private PgListener listen(String channel) {
        listener = PgListener.start(channel, PgListener.connector(URL, "chant", "chant", APPLICATION),
                new PgListener.Listener() {
                    @Override
                    public void notified(String payload) {
                        payloads.add(payload);
                    }

                    @Override
                    public void resumed() {
                        resumed.incrementAndGet();
                    }
                });
        await().atMost(DEADLINE).until(listener::listening);
        return listener;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "chant", "chant");
    }

    @Test
    void deliversWhatAnotherConnectionCommitsAndNothingOfARollback() throws Exception {
        listen("pg_listener_test");
        assertEquals(1, resumed.get(), "the first start wakes everyone too");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT pg_notify('pg_listener_test', 'rolled back')");
            c.rollback();
            s.execute("SELECT pg_notify('pg_listener_test', 'one')");
            s.execute("SELECT pg_notify('other_channel', 'elsewhere')");
            c.commit();
            s.execute("SELECT pg_notify('pg_listener_test', 'two')");
            c.commit();
        }
        await().atMost(DEADLINE).until(() -> payloads.size() >= 2);
        assertEquals(List.of("one", "two"), payloads);
    }

    @Test
    void connectsAgainAfterItsConnectionIsKilledAndSaysSoSoWaitersReadAgain() throws Exception {
        listen("pg_listener_again");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + APPLICATION + "'");
            await().atMost(DEADLINE).until(() -> listener.connections() == 2 && listener.listening());
            assertEquals(2, resumed.get());
            s.execute("SELECT pg_notify('pg_listener_again', 'after')");
        }
        await().atMost(DEADLINE).until(() -> payloads.contains("after"));
    }

    @Test
    void closeEndsTheConnection() throws Exception {
        listen("pg_listener_close");
        listener.close();
        assertFalse(listener.listening());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // the server may take a moment to drop the backend of a closed socket
            await().atMost(DEADLINE).until(() -> count(s) == 0);
        }
    }

    private static int count(Statement s) throws SQLException {
        try (var rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + APPLICATION + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void refusesAChannelThatIsNotAPlainIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> PgListener.start("x; DROP TABLE y",
                PgListener.connector(URL, "chant", "chant", APPLICATION), new PgListener.Listener() {
                    @Override
                    public void notified(String payload) {
                    }

                    @Override
                    public void resumed() {
                    }
                }));
    }
}
