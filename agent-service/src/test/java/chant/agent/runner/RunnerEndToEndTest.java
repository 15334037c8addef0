package chant.agent.runner;

import static chant.agent.testing.FakeAnthropicServer.finalText;
import static chant.agent.testing.FakeAnthropicServer.toolCall;
import static chant.agent.testing.GitRepositories.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.provider.claude.ClaudeCliEndToEndTest;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.FakeAnthropicServer;
import chant.agent.testing.FakeOpenAiServer;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.ClaimRunResponse;
import chant.v1.Run;
import chant.v1.RunStatus;
import chant.v1.SpecStatus;
import chant.v1.UpdateSpecRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run through the runner: the real Claude Code CLI in the real sandbox (against the fake
 * model server) writes a file, ticks the spec's criterion and commits; the runner pushes the branch
 * to the project's repository and reports; the spec completes with its body, commit and branch.
 */
@QuarkusTest
class RunnerEndToEndTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-03-001-r2e";
    private static final String KEY = "sk-ant-runner-test-key-8c1d2e3f4a";

    @TempDir
    Path dir;

    @Test
    void theAgentsWorkIsPushedAndTheSpecCompletes() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        Path remote = GitRepositories.remoteWithMain(dir);
        specService.setRepository(project, remote.toString());
        specService.setBody(project, SPEC, "## Acceptance Criteria\n\n- [ ] greeting written\n");
        Path workRoot = dir.resolve("work");
        Path worktree = workRoot.resolve("chant-" + project + "-" + SPEC);

        Run run = enqueue(project, SPEC, r -> r.setProvider("claude").setModel("claude-chant-test-model"));
        ClaimRunResponse claim = claim("runner-e2e");
        assertEquals(run.getId(), claim.getRun().getId());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (FakeAnthropicServer model = FakeAnthropicServer.start(
                toolCall("Write", Map.of("file_path", worktree.resolve("hello.txt").toString(), "content", "hello\n")),
                toolCall("Bash", Map.of("command", "sed -i 's/- \\[ \\] greeting written/- [x] greeting written/' .chant/specs/"
                        + SPEC + ".md && git add -A && git commit -q -m 'chant(" + SPEC + "): greet'", "description", "Commit")),
                finalText("Greeting written and committed."))) {
            code = runner(claim, workRoot, Map.of("CHANT_CLAUDE_CLI", ClaudeCliEndToEndTest.cli().toString(),
                    "CHANT_ANTHROPIC_BASE_URL", model.baseUrl(), "CHANT_ANTHROPIC_API_KEY", KEY), output);
        }
        String printed = output.toString(StandardCharsets.UTF_8);

        assertEquals(Runner.DONE, code, printed);
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, get(run.getId()).getStatus(), printed);
        assertEquals("hello\n", git(remote, "show", "chant/" + SPEC + ":hello.txt"), "the branch is on the remote");
        assertFalse(Files.exists(worktree), "a checkout whose work is pushed is removed");
        awaitSpecStatus(project, SPEC, SpecStatus.SPEC_STATUS_COMPLETED);
        UpdateSpecRequest update = specService.updates().stream().filter(u -> u.getProject().equals(project))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(update.getBody().startsWith("## Acceptance Criteria\n\n- [x] greeting written\n"), update.getBody());
        assertTrue(update.getBody().contains("## Agent Output"), update.getBody());
        assertTrue(update.getBody().contains("Greeting written and committed."), update.getBody());
        assertEquals(List.of(git(remote, "rev-parse", "chant/" + SPEC).strip()), update.getCommits().getValuesList());
        assertEquals("chant/" + SPEC, update.getBranch());
        assertFalse(printed.contains(KEY), "the key never reaches the runner's output");
        String log = storedLog(run.getId());
        assertTrue(log.contains("chant: pushed 1 commit to chant/" + SPEC), log);
        assertTrue(log.contains("tool Bash"), "the agent's steps are in the run's log: " + log);
        assertFalse(log.contains(KEY), "the key never reaches the stored log");
    }

    /** The same with the openai provider: the platform's own tool loop against a fake chat-completions server. */
    @Test
    void theOpenAiAgentsWorkIsPushedAndTheSpecCompletes() throws Exception {
        String openAiKey = "sk-openai-runner-test-key-1f5e9d3c7b";
        String spec = "2026-12-03-002-o4i";
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        Path remote = GitRepositories.remoteWithMain(dir);
        specService.setRepository(project, remote.toString());
        specService.setBody(project, spec, "## Acceptance Criteria\n\n- [ ] greeting written\n");
        Path workRoot = dir.resolve("work");

        Run run = enqueue(project, spec, r -> r.setProvider("openai").setModel("gpt-chant-test"));
        ClaimRunResponse claim = claim("runner-e2e");
        assertEquals(run.getId(), claim.getRun().getId());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (FakeOpenAiServer model = FakeOpenAiServer.start(
                FakeOpenAiServer.calls(FakeOpenAiServer.call("write_file", Map.of("path", "hello.txt", "content", "hello\n")),
                        FakeOpenAiServer.call("read_file", Map.of("path", ".chant/specs/" + spec + ".md"))),
                FakeOpenAiServer.calls(FakeOpenAiServer.call("run_command", Map.of("command",
                        "sed -i 's/- \\[ \\] greeting written/- [x] greeting written/' .chant/specs/" + spec
                                + ".md && git add -A && git commit -q -m 'chant(" + spec + "): greet'"))),
                FakeOpenAiServer.finish("Greeting written and committed."))) {
            code = runner(claim, workRoot, Map.of("CHANT_OPENAI_BASE_URL", model.baseUrl(), "CHANT_OPENAI_API_KEY", openAiKey),
                    output);
            assertEquals(List.of("gpt-chant-test"), model.requests().stream().map(FakeOpenAiServer.Recorded::model).distinct()
                    .toList());
            assertTrue(model.requests().get(1).toolResults().get(1).contains("- [ ] greeting written"),
                    "the agent read its spec file: " + model.requests().get(1).toolResults());
        }
        String printed = output.toString(StandardCharsets.UTF_8);

        assertEquals(Runner.DONE, code, printed);
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, ended.getStatus(), printed);
        assertEquals(3L * FakeOpenAiServer.PROMPT_TOKENS, ended.getInputTokens(), "the usage the model reported");
        assertEquals("hello\n", git(remote, "show", "chant/" + spec + ":hello.txt"), "the branch is on the remote");
        awaitSpecStatus(project, spec, SpecStatus.SPEC_STATUS_COMPLETED);
        UpdateSpecRequest update = specService.updates().stream().filter(u -> u.getProject().equals(project))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(update.getBody().startsWith("## Acceptance Criteria\n\n- [x] greeting written\n"), update.getBody());
        assertTrue(update.getBody().contains("Greeting written and committed."), update.getBody());
        assertEquals("chant/" + spec, update.getBranch());
        String log = storedLog(run.getId());
        assertTrue(log.contains("chant: starting the agent (openai)"), log);
        assertTrue(log.contains("tool write_file hello.txt"), log);
        assertTrue(log.contains("finished: success (3 turns"), log);
        assertTrue(log.contains("chant: pushed 1 commit to chant/" + spec), log);
        assertFalse(log.contains(openAiKey), "the key never reaches the stored log");
        assertFalse(printed.contains(openAiKey), "the key never reaches the runner's output");
        assertFalse(ended.toString().contains(openAiKey), "nor the run's record");
    }

    @Test
    void aProjectWithoutRepositoryFailsTheRunAndSaysWhatToSet() throws Exception {
        String project = newProject();
        Run run = enqueue(project, SPEC, r -> r.setProvider("claude"));
        ClaimRunResponse claim = claim("runner-e2e");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = runner(claim, dir.resolve("work"), Map.of(), output);

        assertEquals(Runner.DONE, code);
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_FAILED, ended.getStatus());
        assertTrue(ended.getEndReason().startsWith("project " + project + " has no repository: set repo_url"),
                ended.getEndReason());
        awaitSpecStatus(project, SPEC, SpecStatus.SPEC_STATUS_FAILED);
    }

    /**
     * The checkout is made while spec-service is asked to start the spec; when it refuses, the run
     * fails with its reason and the checkout just made is gone (no agent worked in it).
     */
    @Test
    void aStartTheSpecServiceRefusesFailsTheRunAndLeavesNoCheckout() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        specService.setRepository(project, GitRepositories.remoteWithMain(dir).toString());
        Path workRoot = dir.resolve("work");
        Run run = enqueue(project, SPEC, r -> r.setProvider("claude"));
        ClaimRunResponse claim = claim("runner-e2e");
        // A later attempt's start: the spec is no longer in progress and spec-service refuses to move it again.
        specService.setStatus(project, SPEC, SpecStatus.SPEC_STATUS_PENDING);
        specService.refuseStart(project, SPEC, "someone else moved the spec meanwhile");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = runner(claim, workRoot, Map.of(), output);

        assertEquals(Runner.DONE, code, output.toString(StandardCharsets.UTF_8));
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_FAILED, ended.getStatus());
        assertTrue(ended.getEndReason().contains("someone else moved the spec meanwhile"), ended.getEndReason());
        assertFalse(Files.exists(workRoot.resolve("chant-" + project + "-" + SPEC)), "the checkout is removed");
        assertFalse(Files.exists(workRoot.resolve("kept")), "and not kept: nothing worked in it");
    }

    private int runner(ClaimRunResponse claim, Path workRoot, Map<String, String> env, ByteArrayOutputStream output) {
        return InProcessRunner.run(claim, InProcessRunner.testAgentServer(),
                "localhost:" + ScriptedSpecServiceResource.server().port(), workRoot, env, Duration.ofSeconds(10),
                new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String storedLog(long runId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        runs.followLog(chant.v1.FollowLogRequest.newBuilder().setRunId(runId).build())
                .forEachRemaining(chunk -> bytes.writeBytes(chunk.getData().toByteArray()));
        return bytes.toString(StandardCharsets.UTF_8);
    }

}
