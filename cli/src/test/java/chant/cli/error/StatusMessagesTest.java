package chant.cli.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.config.ServerAddress;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMessagesTest {
    private static final ServerAddress SERVER = new ServerAddress("localhost", 8181);

    @ParameterizedTest
    @CsvSource({
        "OK, 1", "CANCELLED, 1", "UNKNOWN, 1", "INTERNAL, 1", "PERMISSION_DENIED, 1", "UNIMPLEMENTED, 1",
        "NOT_FOUND, 3",
        "INVALID_ARGUMENT, 4",
        "FAILED_PRECONDITION, 5", "ALREADY_EXISTS, 5",
        "ABORTED, 6",
        "UNAVAILABLE, 7", "DEADLINE_EXCEEDED, 7",
    })
    void exitCodes(Status.Code code, int exitCode) {
        assertEquals(exitCode, StatusMessages.exitCode(code));
    }

    @Test
    void unavailableSaysWhereTheServerWasExpected() {
        assertEquals("cannot reach spec-service at localhost:8181 (is it running? scripts/services status)",
                StatusMessages.message(Status.UNAVAILABLE.withDescription("io exception"), SERVER));
    }

    @Test
    void theServicesOwnMessagesAreShownAsTheyAre() {
        assertEquals("type: unknown value 'x'",
                StatusMessages.message(Status.INVALID_ARGUMENT.withDescription("type: unknown value 'x'"), SERVER));
        assertEquals("not found", StatusMessages.message(Status.NOT_FOUND, SERVER));
    }

    @Test
    void otherCodesGetAWordBeforeTheDescription() {
        assertEquals("server error: boom", StatusMessages.message(Status.INTERNAL.withDescription("boom"), SERVER));
        assertEquals("not supported by this server", StatusMessages.message(Status.UNIMPLEMENTED, SERVER));
        assertEquals("spec-service at localhost:8181 did not answer in time",
                StatusMessages.message(Status.DEADLINE_EXCEEDED, SERVER));
    }

    @Test
    void multiLineDescriptionsBecomeOneLine() {
        assertEquals("ambiguous ID '001': matches; 2026-01-01-001-abc; 2026-01-02-001-xyz",
                StatusMessages.message(Status.FAILED_PRECONDITION.withDescription(
                        "ambiguous ID '001': matches\n  2026-01-01-001-abc\n  2026-01-02-001-xyz\n"), SERVER));
    }
}
