package chant.cli.run;

import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.cancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.v1.CancelRunRequest;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancelRunCommandTest extends InProcessCliTest {

    @Test
    void aQueuedRunIsCancelledAtOnce() {
        server.reply(RunServiceGrpc.getCancelRunMethod(), cancelled(aRun(12, RunStatus.RUN_STATUS_CANCELLED)));

        Result result = run("cancel-run", "12");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("run 12 cancelled\n", result.out());
        assertEquals(List.of(CancelRunRequest.newBuilder().setRunId(12).build()),
                server.requests(RunServiceGrpc.getCancelRunMethod()));
    }

    @Test
    void aClaimedRunIsStoppedByItsRunner() {
        server.reply(RunServiceGrpc.getCancelRunMethod(),
                cancelled(aRun(12, RunStatus.RUN_STATUS_RUNNING).setCancelRequested(true)));

        Result result = run("cancel-run", "12");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("cancel of run 12 requested; the runner stops it\n", result.out());
    }

    @Test
    void anEndedRunIsRefusedWithExit5() {
        server.reply(RunServiceGrpc.getCancelRunMethod(), Status.FAILED_PRECONDITION.withDescription(
                "run 12 has already ended (succeeded): there is nothing to cancel"));

        Result result = run("cancel-run", "12");

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals(List.of("chant: agent-service at localhost:8182: run 12 has already ended (succeeded): "
                + "there is nothing to cancel"), result.errLines());
    }

    @Test
    void aRunIdIsANumber() {
        Result result = run("cancel-run", "x7m");

        assertEquals(2, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.err());
    }
}
