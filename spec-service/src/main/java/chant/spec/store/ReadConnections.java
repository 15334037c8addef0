package chant.spec.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Pooled connections for the plain-SQL reads, from the datasource {@code reads}. Its connections are
 * not checked when borrowed (that would be a second round trip for every read; see
 * application.properties): a read that meets a
 * connection the database dropped (an outage, a restart) has the pool drop every invalid connection
 * and runs once more, so the first read after the database is back succeeds.
 */
@ApplicationScoped
public class ReadConnections {

    @Inject
    TransactionManager transactions;

    @Inject
    @io.quarkus.agroal.DataSource("reads")
    AgroalDataSource dataSource;

    /** A read on one connection. */
    @FunctionalInterface
    public interface Read<T> {
        T on(Connection connection) throws SQLException;
    }

    /** Runs {@code read} on a pooled connection; a lost connection is replaced once. */
    public <T> T read(String what, Read<T> read) {
        try {
            return attempt(read);
        } catch (SQLException first) {
            if (!lostConnection(first)) {
                throw new DatabaseReadException(what, first);
            }
            dataSource.flush(AgroalDataSource.FlushMode.INVALID);
            try {
                return attempt(read);
            } catch (SQLException second) {
                second.addSuppressed(first);
                throw new DatabaseReadException(what, second);
            }
        }
    }

    /**
     * One try, always outside any transaction: inside one, the pool would enlist this connection as a
     * second resource of it. A caller's transaction is suspended meanwhile (reads need none).
     */
    private <T> T attempt(Read<T> read) throws SQLException {
        try {
            if (transactions.getStatus() == Status.STATUS_NO_TRANSACTION) {
                return onConnection(read);
            }
        } catch (SystemException e) {
            throw new IllegalStateException("the transaction manager cannot say whether a transaction is active", e);
        }
        try {
            return QuarkusTransaction.suspendingExisting().call(() -> onConnection(read));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    private <T> T onConnection(Read<T> read) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return read.on(c);
        }
    }

    /** SQLSTATE class 08 (connection exception) and the server's shutdown states, as FailureStatuses reads them. */
    static boolean lostConnection(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
