package chant.support.grpc;

import chant.support.failure.ServiceFailure;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The one place where failures become gRPC statuses, for every service and every RPC: a
 * {@link ServiceFailure} becomes its own status with its message; a lost optimistic-lock race
 * becomes ABORTED; a database that cannot be reached becomes UNAVAILABLE (retry later); anything
 * else is a bug, logged here and reported as INTERNAL without details. gRPC service classes throw
 * (or fail their Uni/Multi with) domain failures and never build statuses themselves.
 */
@ApplicationScoped
public class FailureStatuses implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(FailureStatuses.class);

    /**
     * The most bytes a description may take in the trailers, percent-encoded as gRPC sends it
     * (every non-ASCII byte takes three): the response's headers hold 8 KiB in all.
     */
    static final int MAX_DESCRIPTION = 2000;

    /** SQLSTATEs of a write that lost a race with a concurrent one: unique violation, serialization, deadlock. */
    private static final Set<String> LOST_RACE_STATES = Set.of("23505", "40001", "40P01");

    /** SQLSTATEs of a lost or refused connection: class 08, and the server shutting down or starting. */
    private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03");

    /**
     * Whether this process is stopping (SIGTERM): a call still in flight then fails on closed resources
     * (an EntityManager closed under it), which is the service going away, not a bug nor the caller's
     * mistake. Such a call is UNAVAILABLE, so that the caller retries (another replica, or this one once it
     * is back) instead of giving up on an INTERNAL. Reset at start: tests restart the application in one JVM.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        stopping(false);
    }

    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping(true);
    }

    static void stopping(boolean now) {
        STOPPING.set(now);
    }

    @Override
    public <Q, R> ExceptionHandler<Q, R> createHandler(ServerCall.Listener<Q> listener, ServerCall<Q, R> call,
            Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<Q, R> serverCall, Metadata headers) {
                StatusRuntimeException status = toStatus(failure);
                try {
                    serverCall.close(status.getStatus(),
                            status.getTrailers() != null ? status.getTrailers() : new Metadata());
                } catch (IllegalStateException alreadyClosed) {
                    LOG.debugf("call was closed before its failure could be reported: %s", failure);
                }
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure);
    }

    /** The status a failure is reported with. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        java.util.List<Throwable> chain = chain(failure);
        for (Throwable e : chain) {
            if (e instanceof StatusRuntimeException sre) {
                return withShortDescription(sre.getStatus(), sre.getTrailers());
            }
            if (e instanceof StatusException se) {
                return withShortDescription(se.getStatus(), se.getTrailers());
            }
            if (e instanceof ServiceFailure known) {
                return withShortDescription(Status.fromCode(known.code()).withDescription(known.getMessage()), null);
            }
        }
        for (Throwable e : chain) {
            if (lostOptimisticRace(e) || e instanceof SQLException sql && LOST_RACE_STATES.contains(sql.getSQLState())) {
                return Status.ABORTED.withDescription("the record changed while this request ran: read it again and retry")
                        .asRuntimeException();
            }
            if (databaseUnreachable(e)) {
                LOG.warnf("database unreachable: %s", e.getMessage());
                return Status.UNAVAILABLE.withDescription("the database cannot be reached right now: retry shortly"
                        + " (nothing of this request was stored)").asRuntimeException();
            }
        }
        if (STOPPING.get()) {
            LOG.infof("a call failed while the service stops: %s", failure.toString());
            return Status.UNAVAILABLE.withDescription("the service is stopping: retry (another replica answers, or"
                    + " this one once it is back)").asRuntimeException();
        }
        LOG.error("unexpected failure", failure);
        return Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName()
                + " (see the service log)").asRuntimeException();
    }

    /**
     * The failure, its causes and what was suppressed along the way (a transaction manager that
     * cannot commit reports the database's error as a suppressed exception), breadth first.
     */
    static java.util.List<Throwable> chain(Throwable failure) {
        java.util.List<Throwable> found = new java.util.ArrayList<>();
        java.util.Deque<Throwable> next = new java.util.ArrayDeque<>(java.util.List.of(failure));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!next.isEmpty() && found.size() < 50) {
            Throwable e = next.removeFirst();
            if (!seen.add(e)) {
                continue;
            }
            found.add(e);
            if (e.getCause() != null) {
                next.addLast(e.getCause());
            }
            java.util.Collections.addAll(next, e.getSuppressed());
        }
        return found;
    }

    private static boolean lostOptimisticRace(Throwable e) {
        String name = e.getClass().getName();
        return e instanceof OptimisticLockException
                || name.equals("org.hibernate.StaleStateException")
                || name.equals("org.hibernate.StaleObjectStateException");
    }

    private static boolean databaseUnreachable(Throwable e) {
        if (e.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
            return true;
        }
        if (e instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || CONNECTION_STATES.contains(state))) {
                return true;
            }
            String message = sql.getMessage();
            return message != null && message.startsWith("Acquisition timeout");
        }
        return e instanceof java.net.ConnectException;
    }

    private static StatusRuntimeException withShortDescription(Status status, Metadata trailers) {
        String description = status.getDescription();
        return (description == null ? status : status.withDescription(shorten(description))).asRuntimeException(trailers);
    }

    /** The description cut so that its percent-encoded form takes at most MAX_DESCRIPTION bytes. */
    static String shorten(String description) {
        int bytes = 0;
        for (int i = 0; i < description.length(); ) {
            int codePoint = description.codePointAt(i);
            int encoded = codePoint >= 0x20 && codePoint < 0x7f && codePoint != '%'
                    ? 1 : 3 * new String(Character.toChars(codePoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + encoded > MAX_DESCRIPTION - 9) {
                return description.substring(0, i) + "…";
            }
            bytes += encoded;
            i += Character.charCount(codePoint);
        }
        return description;
    }
}
