package chant.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The baseline's connections: no pool library, one JDBC connection per worker thread, opened
 * before a phase starts (so connecting is never measured), autocommit off. Socket and login
 * timeouts make a stuck database end the run.
 */
final class Database implements AutoCloseable {

    private final String url;
    private final Properties properties = new Properties();
    private final List<Connection> connections = new ArrayList<>();

    Database(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "chant-bench");
        // As spec-service connects: the readiness functions of schema "spec" name its tables unqualified.
        properties.setProperty("currentSchema", "spec");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", "120");
    }

    /** Connection number {@code worker}, opened on first use and kept for the rest of the run. */
    synchronized Connection connection(int worker) throws SQLException {
        while (connections.size() <= worker) {
            Connection c = DriverManager.getConnection(url, properties);
            c.setAutoCommit(false);
            connections.add(c);
        }
        return connections.get(worker);
    }

    /** Connections 0 .. n-1, opened now, so that a phase never measures connecting. */
    synchronized Connection[] open(int n) throws SQLException {
        connection(n - 1);
        return connections.subList(0, n).toArray(new Connection[0]);
    }

    /** One prepared statement per connection, prepared before the phase that runs it. */
    static PreparedStatement[] prepare(Connection[] connections, String sql) throws SQLException {
        PreparedStatement[] statements = new PreparedStatement[connections.length];
        for (int i = 0; i < connections.length; i++) {
            statements[i] = connections[i].prepareStatement(sql);
            statements[i].setQueryTimeout(60);
        }
        return statements;
    }

    static void close(PreparedStatement[] statements) {
        for (PreparedStatement s : statements) {
            try {
                s.close();
            } catch (SQLException ignored) {
                // the statement is not used again
            }
        }
    }

    @Override
    public synchronized void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at exit: nothing left to do with it
            }
        }
        connections.clear();
    }
}
