package chant.spec.project;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Makes concurrent requests for the same thing take turns, with PostgreSQL transaction-scoped
 * advisory locks: {@link #take} waits until no other transaction holds the turn, and the turn is
 * held until the caller's transaction commits or rolls back. A request that then looks finds
 * everything an earlier holder committed.
 * <p>
 * Keys are two integers, the kind and {@code hashtext(key)}: a space of their own, apart from the
 * audit trail's one-bigint locks (the project's ID, {@code EventLog}). Two keys with the same hash
 * merely take turns too.
 */
@ApplicationScoped
public class Turns {

    /** What the requests take turns for. The numbers are part of the lock key: never reuse one. */
    public enum Kind {
        /** Creating a project of a name (the key): a retry waits for its first attempt. */
        PROJECT_NAME(1),
        /** Creating a spec with a request_id (the key: the project's ID and the request_id). */
        SPEC_CREATE_REQUEST(2);

        final int number;

        Kind(int number) {
            this.number = number;
        }
    }

    /** Waits for the turn for {@code key} and holds it until the caller's transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void take(Kind kind, String key) {
        Panache.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(:kind, hashtext(:key))")
                .setParameter("kind", kind.number)
                .setParameter("key", key)
                .getSingleResult();
    }
}
