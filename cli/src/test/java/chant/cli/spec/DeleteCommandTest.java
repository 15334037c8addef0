package chant.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.DeleteSpecRequest;
import chant.v1.DeleteSpecResponse;
import chant.v1.GetSpecResponse;
import chant.v1.SpecServiceGrpc;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteCommandTest extends InProcessCliTest {
    private static final String ID = "2026-01-22-001-x7m";

    @Test
    void withoutATerminalItRefusesUnlessYes() {
        interactive = false;

        Result result = run("delete", "x7m");

        assertEquals(1, result.exitCode());
        assertEquals("chant: not deleting x7m: standard input is not a terminal, so pass --yes to confirm\n",
                result.err());
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getDeleteSpecMethod()));
    }

    @Test
    void yesDeletesWithoutAsking() {
        server.reply(SpecServiceGrpc.getDeleteSpecMethod(), DeleteSpecResponse.newBuilder().setId(ID).build());

        Result result = run("delete", "x7m", "--yes");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Deleted spec: " + ID + "\n", result.out());
        assertEquals(List.of(DeleteSpecRequest.newBuilder().setProject(PROJECT).setId("x7m").build()),
                server.requests(SpecServiceGrpc.getDeleteSpecMethod()));
    }

    @Test
    void onATerminalItAsksAndDeletesTheVersionItShowed() {
        interactive = true;
        stdin = "y\n";
        server.reply(SpecServiceGrpc.getGetSpecMethod(),
                GetSpecResponse.newBuilder().setSpec(Specs.spec(ID, "Fix the login", 4)).build());
        server.reply(SpecServiceGrpc.getDeleteSpecMethod(), DeleteSpecResponse.newBuilder().setId(ID).build());

        Result result = run("delete", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Delete " + ID + " 'Fix the login'? [y/N] Deleted spec: " + ID + "\n", result.out());
        assertEquals(List.of(DeleteSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(4).build()),
                server.requests(SpecServiceGrpc.getDeleteSpecMethod()));
    }

    @Test
    void anythingButYesKeepsTheSpec() {
        interactive = true;
        stdin = "\n";
        server.reply(SpecServiceGrpc.getGetSpecMethod(),
                GetSpecResponse.newBuilder().setSpec(Specs.spec(ID, "Fix the login", 4)).build());

        Result result = run("delete", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Delete " + ID + " 'Fix the login'? [y/N] Not deleted.\n", result.out());
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getDeleteSpecMethod()));
    }

    @Test
    void dependentsMakeItAPreconditionFailure() {
        server.reply(SpecServiceGrpc.getDeleteSpecMethod(), Status.FAILED_PRECONDITION.withDescription(
                "2026-01-22-001-x7m is a dependency of 2026-01-23-001-abc"));

        Result result = run("delete", "x7m", "-y");

        assertEquals(5, result.exitCode());
        assertEquals("chant: 2026-01-22-001-x7m is a dependency of 2026-01-23-001-abc\n", result.err());
    }
}
