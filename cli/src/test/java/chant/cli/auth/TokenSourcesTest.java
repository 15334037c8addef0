package chant.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chant.cli.config.Service;
import chant.cli.testing.InProcessCliTest;
import chant.v1.ListRunsResponse;
import chant.v1.RunServiceGrpc;
import chant.v1.SpecServiceGrpc;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI's token comes from (--token-file, else $CHANT_TOKEN, else token= in the config
 * file), that it reaches every service as {@code authorization: Bearer ...}, that a command
 * without one stops before any call, and how refused tokens and missing rights read.
 */
class TokenSourcesTest extends InProcessCliTest {

    @TempDir
    Path tmp;

    private String tokenFile(String content) throws IOException {
        return Files.writeString(tmp.resolve("token"), content).toString();
    }

    private void replyRunsAndSpec() {
        server.reply(RunServiceGrpc.getListRunsMethod(), ListRunsResponse.getDefaultInstance());
        server.reply(SpecServiceGrpc.getGetSpecMethod(), Status.NOT_FOUND.withDescription("no spec 'x7m'"));
    }

    @Test
    void theTokenFileComesFirstAndReachesEveryService() throws IOException {
        env.put("CHANT_TOKEN", "from-env");
        configFile.setProperty("token", "from-config");
        replyRunsAndSpec();

        Result runs = run("--token-file", tokenFile("from-file\n"), "runs");
        Result show = run("show", "x7m", "--token-file", tokenFile("from-file\n"));

        assertEquals(0, runs.exitCode(), runs.toString());
        assertEquals(3, show.exitCode(), show.toString());
        assertEquals(List.of(Service.AGENT, Service.SPEC), openedServices);
        assertEquals(List.of("Bearer from-file", "Bearer from-file"), authorizations);
    }

    @Test
    void theEnvironmentComesBeforeTheConfigFile() {
        env.put("CHANT_TOKEN", "from-env");
        configFile.setProperty("token", "from-config");
        replyRunsAndSpec();

        run("runs");
        run("show", "x7m");

        assertEquals(List.of("Bearer from-env", "Bearer from-env"), authorizations);
    }

    @Test
    void theConfigFileComesLast() {
        env.remove("CHANT_TOKEN");
        configFile.setProperty("token", "from-config");
        replyRunsAndSpec();

        run("runs");
        run("show", "x7m");

        assertEquals(List.of("Bearer from-config", "Bearer from-config"), authorizations);
    }

    @Test
    void withoutATokenACommandStopsBeforeAnyCall() {
        env.remove("CHANT_TOKEN");
        replyRunsAndSpec();

        Result result = run("runs");
        Result show = run("show", "x7m");

        assertEquals(14, result.exitCode(), result.toString());
        assertEquals(List.of("chant: no token to send: set CHANT_TOKEN or token in the config file "
                + "(chant token create makes one)"), result.errLines());
        assertEquals("", result.out());
        assertEquals(14, show.exitCode(), show.toString());
        assertEquals(result.err(), show.err());
        assertEquals(List.of(), calls);
        assertEquals(List.of(), openedServices);
    }

    @Test
    void aTokenFileThatCannotBeReadIsOneLineAndNoCall() {
        Result result = run("--token-file", tmp.resolve("missing").toString(), "runs");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.err());
        assertEquals("chant: cannot read the token file " + tmp.resolve("missing") + " (--token-file): NoSuchFile "
                + tmp.resolve("missing"), result.errLines().get(0));
        assertEquals(List.of(), calls);
    }

    @Test
    void aRefusedTokenIsOneLineWithItsOwnExitCodeNamingTheService() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), Status.UNAUTHENTICATED.withDescription(
                "the token expired at 2026-12-01T10:00:00Z"));
        server.reply(RunServiceGrpc.getListRunsMethod(), Status.UNAUTHENTICATED.withDescription(
                "the token was not signed by a trusted issuer"));

        Result spec = run("show", "x7m");
        Result agent = run("runs");

        assertEquals(14, spec.exitCode(), spec.toString());
        assertEquals(List.of("chant: spec-service at localhost:8181 did not accept your token: the token expired at "
                + "2026-12-01T10:00:00Z (chant whoami checks a token; chant token create makes one)"), spec.errLines());
        assertEquals(14, agent.exitCode(), agent.toString());
        assertEquals(List.of("chant: agent-service at localhost:8182 did not accept your token: the token was not "
                + "signed by a trusted issuer (chant whoami checks a token; chant token create makes one)"),
                agent.errLines());
        assertFalse(spec.err().contains(TOKEN) || agent.err().contains(TOKEN));
    }

    @Test
    void aMissingRightIsOneLineWithItsOwnExitCode() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), Status.PERMISSION_DENIED.withDescription(
                "this needs the viewer role in project 'demo': user alice has none"));
        server.reply(RunServiceGrpc.getListRunsMethod(), Status.PERMISSION_DENIED.withDescription(
                "this needs the viewer role in project 'demo': user alice has none"));

        Result spec = run("show", "x7m");
        Result agent = run("runs");

        assertEquals(15, spec.exitCode(), spec.toString());
        assertEquals(List.of("chant: permission denied: this needs the viewer role in project 'demo': user alice has "
                + "none"), spec.errLines());
        assertEquals(15, agent.exitCode(), agent.toString());
        assertEquals(List.of("chant: agent-service at localhost:8182: permission denied: this needs the viewer role in "
                + "project 'demo': user alice has none"), agent.errLines());
    }
}
