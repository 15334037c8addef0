package chant.spec.store;

import java.sql.SQLException;

/**
 * A plain-JDBC read that failed in the database. Unchecked so that it passes through the service
 * like Hibernate's own exceptions; the status mapping reads the SQL state of its cause (a lost
 * connection is UNAVAILABLE).
 */
public final class DatabaseReadException extends RuntimeException {

    DatabaseReadException(String what, SQLException cause) {
        super(what + " failed: " + cause.getMessage(), cause);
    }
}
