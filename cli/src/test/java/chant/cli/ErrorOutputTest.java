package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.GetSpecResponse;
import chant.v1.SpecServiceGrpc;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorOutputTest extends InProcessCliTest {

    @Test
    void anUnreachableServerIsOneLineWithTheAddressAndExitCode7() {
        env.put("CHANT_SERVER", "spec.example:9999");

        Result result = runWith((service, address) -> InProcessChannelBuilder.forName("nobody-listens-here").build(), "list");

        assertEquals(7, result.exitCode());
        assertEquals(List.of("chant: cannot reach spec-service at spec.example:9999 (is it running? scripts/services status)"),
                result.errLines());
    }

    @Test
    void verbosePrintsTheStackTraceToo() {
        Result result = runWith((service, address) -> InProcessChannelBuilder.forName("nobody-listens-here").build(),
                "list", "--verbose");

        assertEquals(7, result.exitCode());
        assertTrue(result.errLines().size() > 2, result.err());
        assertTrue(result.errLines().get(1).startsWith("io.grpc.StatusRuntimeException: UNAVAILABLE"), result.err());
    }

    @Test
    void anUnexpectedErrorIsOneLineWithAHint() {
        Result result = runWith((service, address) -> {
            throw new IllegalStateException("boom");
        }, "list");

        assertEquals(1, result.exitCode());
        assertEquals(List.of("chant: unexpected error: java.lang.IllegalStateException: boom "
                + "(run again with --verbose for the stack trace)"), result.errLines());
    }

    @Test
    void anUnexpectedErrorWithVerboseShowsTheStackTrace() {
        Result result = runWith((service, address) -> {
            throw new IllegalStateException("boom");
        }, "--verbose", "list");

        assertEquals(1, result.exitCode());
        assertEquals("chant: unexpected error: java.lang.IllegalStateException: boom", result.errLines().get(0));
        assertTrue(result.err().contains("\tat chant.cli."), result.err());
    }

    @Test
    void aUsageErrorIsOneLineWithExitCode2() {
        Result result = run("list", "--colour");

        assertEquals(2, result.exitCode());
        assertEquals(List.of("chant: Unknown option: '--colour'"), result.errLines());
        assertEquals("", result.out());
    }

    @Test
    void aMistypedCommandIsOneLineWithItsSuggestions() {
        Result result = run("lits");

        assertEquals(2, result.exitCode());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.errLines().get(0).matches("chant: Unmatched argument at index 0: 'lits' \\(did you mean .+\\?\\)"),
                result.err());
    }

    @Test
    void aMissingParameterIsOneLine() {
        Result result = run("show");

        assertEquals(2, result.exitCode());
        assertEquals(List.of("chant: Missing required parameter: 'ID'"), result.errLines());
    }

    @Test
    void suggestionsThatDoNotFitOnTheLineAreLeftOut() {
        String longOption = "--" + "x".repeat(120);

        Result result = run("list", longOption);

        assertEquals(2, result.exitCode());
        assertEquals(List.of("chant: Unknown option: '" + longOption + "'"), result.errLines());
    }

    @Test
    void serverErrorsWithoutAClearMessageGetAWord() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), Status.INTERNAL.withDescription("null"));

        Result result = run("show", "x");

        assertEquals(1, result.exitCode());
        assertEquals("chant: server error: null\n", result.err());
    }

    @Test
    void runsAreIndependentInOneJvm() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), Status.NOT_FOUND.withDescription("no spec 'a'"),
                GetSpecResponse.newBuilder().setSpec(Specs.spec("b", "Bee", 1)).build());

        env.put("CHANT_TOKEN", "one");
        Result first = run("--verbose", "show", "a");
        env.put("CHANT_TOKEN", "two");
        Result second = run("show", "b");

        assertEquals(3, first.exitCode());
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals("", second.err());
        // show b makes two calls (GetSpec, then GetBlockers), both with the second token.
        assertEquals(List.of("Bearer one", "Bearer two", "Bearer two"), authorizations);
    }

    @Test
    void helpAndVersionExitWith0() {
        Result help = run("add", "--help");
        Result version = run("list", "--version");
        Result versionAlone = run("--project", "p", "--version");

        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: chant add"), help.out());
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("chant "), version.out());
        assertEquals(0, versionAlone.exitCode(), versionAlone.toString());
        assertEquals(version.out(), versionAlone.out());
    }
}
