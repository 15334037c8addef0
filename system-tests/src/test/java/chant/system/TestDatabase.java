package chant.system;

import java.net.URI;

/** The test database (CHANT_TEST_DB_URL, else the local chant_test), and its URL through a proxy. */
final class TestDatabase {

    static final String URL = System.getenv().getOrDefault("CHANT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/chant_test");

    private TestDatabase() {
    }

    /** A connection to the test database as the services' user (CHANT_DB_USER / CHANT_DB_PASSWORD, else chant). */
    static java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(URL, System.getenv().getOrDefault("CHANT_DB_USER", "chant"),
                System.getenv().getOrDefault("CHANT_DB_PASSWORD", "chant"));
    }

    static int port() {
        int port = uri().getPort();
        return port < 0 ? 5432 : port;
    }

    /** The same database, reached on {@code port} of the loopback address. */
    static String urlThrough(int port) {
        URI uri = uri();
        return "jdbc:postgresql://127.0.0.1:" + port + uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
    }

    private static URI uri() {
        return URI.create(URL.substring("jdbc:".length()));
    }
}
