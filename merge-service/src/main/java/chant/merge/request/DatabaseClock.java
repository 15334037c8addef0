package chant.merge.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The database's clock: leases are measured with it, so that every process agrees whatever its own clock says. */
@ApplicationScoped
public class DatabaseClock {

    @Inject
    EntityManager em;

    /** {@code statement_timestamp()}: the start of the current statement, by the database. */
    public Instant now() {
        Object value = em.createNativeQuery("SELECT statement_timestamp()").getSingleResult();
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + value.getClass());
    }
}
