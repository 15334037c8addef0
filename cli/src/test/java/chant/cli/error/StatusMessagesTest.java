package chant.cli.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;

import chant.cli.config.Service;
import chant.client.ServiceAddress;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMessagesTest {
    private static final ServiceAddress SERVER = new ServiceAddress("localhost", 8181);

    private static String message(Status status, ServiceAddress address) {
        return StatusMessages.message(status, Service.SPEC, address, null);
    }

    @ParameterizedTest
    @CsvSource({
        "OK, 1", "CANCELLED, 1", "UNKNOWN, 1", "INTERNAL, 1", "UNIMPLEMENTED, 1",
        "NOT_FOUND, 3",
        "INVALID_ARGUMENT, 4",
        "FAILED_PRECONDITION, 5", "ALREADY_EXISTS, 5",
        "ABORTED, 6",
        "UNAVAILABLE, 7", "DEADLINE_EXCEEDED, 7",
        "UNAUTHENTICATED, 14",
        "PERMISSION_DENIED, 15",
    })
    void exitCodes(Status.Code code, int exitCode) {
        assertEquals(exitCode, StatusMessages.exitCode(code));
    }

    @Test
    void unavailableSaysWhereTheServerWasExpected() {
        assertEquals("cannot reach spec-service at localhost:8181 (is it running? scripts/services status)",
                message(Status.UNAVAILABLE.withDescription("io exception"), SERVER));
    }

    @Test
    void theServicesOwnMessagesAreShownAsTheyAre() {
        assertEquals("type: unknown value 'x'",
                message(Status.INVALID_ARGUMENT.withDescription("type: unknown value 'x'"), SERVER));
        assertEquals("not found", message(Status.NOT_FOUND, SERVER));
    }

    @Test
    void failuresOfOtherServicesNameTheServiceAndItsAddress() {
        ServiceAddress agents = new ServiceAddress("agents.example", 8182);

        assertEquals("agent-service at agents.example:8182: run 12 does not exist",
                StatusMessages.message(Status.NOT_FOUND.withDescription("run 12 does not exist"), Service.AGENT, agents, null));
        assertEquals("agent-service at agents.example:8182: server error: boom",
                StatusMessages.message(Status.INTERNAL.withDescription("boom"), Service.AGENT, agents, null));
        assertEquals("cannot reach agent-service at agents.example:8182 (is it running? scripts/services status)",
                StatusMessages.message(Status.UNAVAILABLE, Service.AGENT, agents, null));
        assertEquals("agent-service at agents.example:8182 did not answer within 5 s (wait longer with --timeout SECONDS)",
                StatusMessages.message(Status.DEADLINE_EXCEEDED, Service.AGENT, agents, Duration.ofSeconds(5)));
    }

    @Test
    void otherCodesGetAWordBeforeTheDescription() {
        assertEquals("server error: boom", message(Status.INTERNAL.withDescription("boom"), SERVER));
        assertEquals("not supported by this server", message(Status.UNIMPLEMENTED, SERVER));
        assertEquals("spec-service at localhost:8181 did not answer in time (wait longer with --timeout SECONDS)",
                message(Status.DEADLINE_EXCEEDED, SERVER));
    }

    @Test
    void aRefusedTokenNamesTheServiceThatRefusedItAndAMissingRightIsTheServicesMessage() {
        ServiceAddress merges = new ServiceAddress("localhost", 8183);

        assertEquals("spec-service at localhost:8181 did not accept your token: the token expired (chant whoami checks "
                + "a token; chant token create makes one)",
                message(Status.UNAUTHENTICATED.withDescription("the token expired"), SERVER));
        assertEquals("merge-service at localhost:8183 did not accept your token (chant whoami checks a token; chant "
                + "token create makes one)", StatusMessages.message(Status.UNAUTHENTICATED, Service.MERGE, merges, null));
        assertEquals("permission denied: this needs the member role in project 'web': user bob is viewer",
                message(Status.PERMISSION_DENIED.withDescription(
                        "this needs the member role in project 'web': user bob is viewer"), SERVER));
        assertEquals("merge-service at localhost:8183: permission denied: this needs the member role in project 'web'",
                StatusMessages.message(Status.PERMISSION_DENIED.withDescription(
                        "this needs the member role in project 'web'"), Service.MERGE, merges, null));
    }

    @Test
    void multiLineDescriptionsBecomeOneLine() {
        assertEquals("ambiguous ID '001': matches; 2026-01-01-001-abc; 2026-01-02-001-xyz",
                message(Status.FAILED_PRECONDITION.withDescription(
                        "ambiguous ID '001': matches\n  2026-01-01-001-abc\n  2026-01-02-001-xyz\n"), SERVER));
    }

    @Test
    void theMessageNamesTheServiceThatFailedAndItsAddress() {
        assertEquals("cannot reach agent-service at localhost:8182 (is it running? scripts/services status)",
                StatusMessages.message(Status.UNAVAILABLE, Service.AGENT, new ServiceAddress("localhost", 8182), null));
    }

    @Test
    void aDeadlineSaysHowLongItWaitedAndLeavesGrpcInternalsOut() {
        String message = StatusMessages.message(Status.DEADLINE_EXCEEDED.withDescription(
                        "deadline exceeded after 4.9s. [closed=[], open=[[buffered_nanos=4900, waiting_for_connection]]]"),
                Service.MERGE, new ServiceAddress("m.example", 8183), Duration.ofMillis(2500));

        assertEquals("merge-service at m.example:8183 did not answer within 2.5 s (wait longer with --timeout SECONDS)",
                message);
        assertFalse(message.contains("buffered_nanos"), message);
    }
}
