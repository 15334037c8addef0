package chant.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.provider.command.CommandSettings;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.ClaimRunResponse;
import chant.v1.Run;
import chant.v1.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner's token (docs/auth.md, "Run tokens") serves the runner alone: the runner reports its run and
 * reads and starts its spec with it, its agent never gets it, and no log line carries it, even one
 * that quotes it.
 */
@QuarkusTest
class RunTokenRunnerTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-010-tok";

    @TempDir
    Path dir;

    @Test
    void theAgentsEnvironmentLacksTheRunsTokenAndNoLogLineHoldsIt() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        specService.setRepository(project, GitRepositories.remoteWithMain(dir).toString());
        Run run = enqueue(project, SPEC, r -> r.setProvider("command"));
        ClaimRunResponse claim = claim("runner-token");
        String token = runToken(run.getId());
        // The token reaches the agent's prompt through the spec's body: a line that quotes it must be redacted.
        specService.setBody(project, SPEC, "## Acceptance Criteria\n\n- [ ] done\n\nquoted-token: " + token + "\n");
        Map<String, String> env = Map.of(RunnerConfig.RUN_TOKEN, token,
                CommandSettings.COMMAND, "[\"bash\", \"-c\", \"env | sed 's/^/agent env: /'; "
                        + "echo \\\"agent sees: ${CHANT_RUN_TOKEN:-no token}\\\"; "
                        + "grep -o 'quoted-token: [^ ]*' \\\"$CHANT_PROMPT_FILE\\\"\"]");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = InProcessRunner.run(claim, InProcessRunner.testAgentServer(),
                "localhost:" + specService.port(), dir.resolve("work"), env, Duration.ofSeconds(10),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String printed = output.toString(StandardCharsets.UTF_8);

        assertEquals(Runner.DONE, code, printed);
        String log = storedLog(run.getId());
        assertTrue(log.contains("agent env: PATH="), "the agent printed its environment: " + log);
        assertTrue(log.contains("agent sees: no token"), log);
        assertFalse(log.contains(RunnerConfig.RUN_TOKEN), "the variable is not in the agent's environment: " + log);
        assertTrue(log.contains("quoted-token: [redacted]"), log);
        assertFalse(log.contains(token), "no line of the stored log holds the token");
        assertFalse(printed.contains(token), "nor of the runner's own output");
        assertFalse(get(run.getId()).toString().contains(token), "nor the run's record");
        // The runner used its token for its own spec: spec-service saw the runner of this run.
        assertTrue(specService.callsAbout(project).stream().anyMatch(call -> call.rpc().equals("GetProject")
                && call.caller().equals("the runner of run " + run.getId())), specService.callsAbout(project).toString());
    }

    @Test
    void anAgentCommandThatAsksForTheRunsTokenDoesNotGetIt() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        specService.setRepository(project, GitRepositories.remoteWithMain(dir).toString());
        Run run = enqueue(project, SPEC, r -> r.setProvider("command"));
        ClaimRunResponse claim = claim("runner-token");
        String token = runToken(run.getId());
        Map<String, String> env = Map.of(RunnerConfig.RUN_TOKEN, token, CommandSettings.ENV, RunnerConfig.RUN_TOKEN,
                CommandSettings.COMMAND, "[\"bash\", \"-c\", \"echo agent sees: $CHANT_RUN_TOKEN\"]");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = InProcessRunner.run(claim, InProcessRunner.testAgentServer(),
                "localhost:" + specService.port(), dir.resolve("work"), env, Duration.ofSeconds(10),
                new PrintStream(output, true, StandardCharsets.UTF_8));

        String printed = output.toString(StandardCharsets.UTF_8);
        assertEquals(Runner.DONE, code, printed);
        Run ended = get(run.getId());
        assertTrue(ended.getStatus() != RunStatus.RUN_STATUS_SUCCEEDED, ended.toString());
        assertTrue(ended.getEndReason().contains(CommandSettings.ENV + " names " + RunnerConfig.RUN_TOKEN
                + ", which is not set in the runner's environment"), ended.getEndReason());
        assertFalse(storedLog(run.getId()).contains(token));
        assertFalse(printed.contains(token));
    }

    private String storedLog(long runId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        runs.followLog(chant.v1.FollowLogRequest.newBuilder().setRunId(runId).build())
                .forEachRemaining(chunk -> bytes.writeBytes(chunk.getData().toByteArray()));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
