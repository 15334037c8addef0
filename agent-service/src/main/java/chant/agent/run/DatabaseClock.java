package chant.agent.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The database's clock: leases, backoffs and timeouts are measured with it, so that every replica
 * of the service and every runner agree whatever their own clocks say.
 */
@ApplicationScoped
public class DatabaseClock {

    @Inject
    EntityManager em;

    /** {@code statement_timestamp()}: the start of the current statement, by the database. */
    public Instant now() {
        return toInstant(em.createNativeQuery("SELECT statement_timestamp()").getSingleResult());
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + value.getClass());
    }
}
