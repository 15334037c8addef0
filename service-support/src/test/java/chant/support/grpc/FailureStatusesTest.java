package chant.support.grpc;

import chant.support.failure.ConflictException;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import chant.support.failure.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureStatusesTest {

    @Test
    void domainFailuresKeepTheirStatusAndMessage() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "bad title", new InvalidRequestException("bad title"));
        assertStatus(Status.Code.NOT_FOUND, "no spec x", new NotFoundException("no spec x"));
        assertStatus(Status.Code.FAILED_PRECONDITION, "busy", new PreconditionFailedException("busy"));
        assertStatus(Status.Code.ABORTED, "stale", new ConflictException("stale"));
        assertStatus(Status.Code.UNAVAILABLE, "later", new UnavailableException("later"));
    }

    @Test
    void anUnexpectedFailureWhileTheServiceStopsIsUnavailableNotInternal() {
        IllegalStateException closed = new IllegalStateException("Session/EntityManager is closed");
        assertEquals(Status.Code.INTERNAL, FailureStatuses.toStatus(closed).getStatus().getCode());
        FailureStatuses.stopping(true);
        try {
            StatusRuntimeException stopping = FailureStatuses.toStatus(closed);
            assertEquals(Status.Code.UNAVAILABLE, stopping.getStatus().getCode());
            assertEquals("the service is stopping: retry (another replica answers, or this one once it is back)",
                    stopping.getStatus().getDescription());
            assertEquals(Status.Code.NOT_FOUND, FailureStatuses.toStatus(new NotFoundException("no spec x")).getStatus()
                    .getCode(), "a known failure keeps its status");
        } finally {
            FailureStatuses.stopping(false);
        }
        assertEquals(Status.Code.INTERNAL, FailureStatuses.toStatus(closed).getStatus().getCode(), "reset at start");
    }

    @Test
    void theFailureThatMattersIsFoundUnderWrappers() {
        RuntimeException wrapped = new RuntimeException("transaction rolled back",
                new CompletionException(new NotFoundException("project kv does not exist")));
        assertStatus(Status.Code.NOT_FOUND, "project kv does not exist", wrapped);
    }

    @Test
    void aLostOptimisticRaceIsAborted() {
        StatusRuntimeException status = FailureStatuses.toStatus(new RuntimeException(new OptimisticLockException("row was updated")));
        assertEquals(Status.Code.ABORTED, status.getStatus().getCode());
        assertTrue(status.getStatus().getDescription().contains("retry"));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailable() {
        for (String state : new String[] {"08001", "08006", "57P01"}) {
            StatusRuntimeException status = FailureStatuses.toStatus(
                    new RuntimeException("could not prepare statement", new SQLException("connection refused", state)));
            assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode(), state);
            assertTrue(status.getStatus().getDescription().contains("database cannot be reached"), state);
        }
    }

    @Test
    void aDatabaseErrorSuppressedByAFailedCommitIsStillUnavailable() {
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        StatusRuntimeException status = FailureStatuses.toStatus(new RuntimeException("Error invoking subclass method", rollback));
        assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode());
    }

    @Test
    void anythingElseIsInternalWithoutItsDetails() {
        StatusRuntimeException status = FailureStatuses.toStatus(new IllegalStateException("secret=hunter2"));
        assertEquals(Status.Code.INTERNAL, status.getStatus().getCode());
        assertFalse(status.getStatus().getDescription().contains("hunter2"));
        assertEquals(Status.Code.INTERNAL, FailureStatuses.toStatus(new SQLException("syntax error", "42601")).getStatus().getCode());
    }

    @Test
    void longMessagesAreCutToFitTheTrailers() {
        String description = FailureStatuses.toStatus(new NotFoundException("x".repeat(50_000))).getStatus().getDescription();
        assertTrue(description.length() <= FailureStatuses.MAX_DESCRIPTION, "length " + description.length());
    }

    @Test
    void longNonAsciiMessagesAreCutByTheirEncodedSize() {
        String description = FailureStatuses.toStatus(new NotFoundException("漢字".repeat(5_000))).getStatus().getDescription();
        int encoded = description.getBytes(java.nio.charset.StandardCharsets.UTF_8).length * 3;
        assertTrue(encoded <= FailureStatuses.MAX_DESCRIPTION + 9, "encoded bytes " + encoded);
        assertTrue(description.startsWith("漢字"), description);
    }

    @Test
    void aWriteThatLostARaceToAConcurrentOneIsAborted() {
        for (String state : new String[] {"23505", "40001", "40P01"}) {
            Status status = FailureStatuses.toStatus(new RuntimeException(new SQLException("duplicate key", state))).getStatus();
            assertEquals(Status.Code.ABORTED, status.getCode(), state);
        }
    }

    private static void assertStatus(Status.Code code, String description, Throwable failure) {
        Status status = FailureStatuses.toStatus(failure).getStatus();
        assertEquals(code, status.getCode());
        assertEquals(description, status.getDescription());
    }
}
