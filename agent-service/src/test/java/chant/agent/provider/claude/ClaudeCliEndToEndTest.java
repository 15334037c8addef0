package chant.agent.provider.claude;

import chant.agent.provider.AgentTask;
import chant.agent.testing.GitRepositories;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.TokenUsage;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.agent.testing.FakeAnthropicServer;
import chant.agent.testing.FakeAnthropicServer.RecordedRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static chant.agent.testing.FakeAnthropicServer.finalText;
import static chant.agent.testing.FakeAnthropicServer.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code CLI (the pinned version scripts/test installs; CHANT_CLAUDE_CLI) in the real
 * bubblewrap sandbox as uid 1000, in a linked git worktree, against {@link FakeAnthropicServer}:
 * nothing is mocked but the model.
 */
public class ClaudeCliEndToEndTest {

    static final String KEY = "sk-ant-e2e-test-key-5f2b7c9d1e";
    static final String MODEL = "claude-chant-test-model";
    static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path root;

    /** The CLI scripts/lib/agents.sh installed: CHANT_CLAUDE_CLI, else its project-local default. */
    public static Path cli() {
        String configured = System.getenv("CHANT_CLAUDE_CLI");
        Path cli = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("..").resolve(ClaudeSettings.DEFAULT_CLI).toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(cli), "the Claude Code CLI is not installed at " + cli
                + ": run scripts/test, or `source scripts/lib/common.sh; source scripts/lib/agents.sh; ensure_claude_cli`");
        return cli;
    }

    @Test
    void theCliWritesAndRunsACommandInItsWorktreeAndReportsItsResult() throws Exception {
        Path clone = root.resolve("clone");
        Path worktree = GitRepositories.linkedWorktree(root, "chant-kv-x7m", "chant/x7m");
        Path notes = worktree.resolve("notes/hello.txt");

        try (FakeAnthropicServer server = FakeAnthropicServer.start(
                toolCall("Write", Map.of("file_path", notes.toString(), "content", "hello from the agent\n")),
                toolCall("Bash", Map.of("command", "echo 'appended by bash' >> notes/hello.txt", "description", "Append a line")),
                finalText("Wrote notes/hello.txt and appended a line."))) {
            ClaudeSettings settings = ClaudeSettings.of(cli().toString(), Optional.of(server.baseUrl()), Optional.of(KEY), Optional.empty());
            ClaudeProvider provider = new ClaudeProvider(Sandbox.bubblewrap(Bubblewrap.onPath()), settings);
            AgentTask task = new AgentTask(worktree, Optional.of(clone.resolve(".git")), "2026-01-22-001-x7m",
                    "Write a greeting to notes/hello.txt, then append a line with bash.", MODEL, Map.of());
            List<String> log = new CopyOnWriteArrayList<>();

            long started = System.nanoTime();
            ClaudeRun run = provider.start(task, log::add);
            AgentOutcome outcome;
            try {
                outcome = run.await(DEADLINE);
            } finally {
                run.kill();
            }
            System.out.printf("claude CLI in the sandbox: %d ms from start to result, %d requests%n%s%n",
                    (System.nanoTime() - started) / 1_000_000, server.agentRequests().size(), String.join("\n", log));

            // The work is in the worktree, written by uid 1000 in the sandbox, owned by this user outside.
            assertEquals("hello from the agent\nappended by bash\n", Files.readString(notes), String.join("\n", log));
            assertEquals((long) new com.sun.security.auth.module.UnixSystem().getUid(),
                    ((Integer) Files.getAttribute(notes, "unix:uid")).longValue());

            // The outcome, from the result event.
            assertTrue(outcome.succeeded(), outcome + "\n" + String.join("\n", log));
            assertEquals("success", outcome.kind());
            assertEquals(Optional.of("Wrote notes/hello.txt and appended a line."), outcome.finalText());
            assertEquals(Optional.of(3), outcome.turns());
            TokenUsage usage = outcome.usage().orElseThrow();
            assertEquals(3L * FakeAnthropicServer.INPUT_TOKENS, usage.inputTokens());
            assertEquals(3L * FakeAnthropicServer.OUTPUT_TOKENS, usage.outputTokens());
            assertTrue(outcome.costUsd().orElseThrow().compareTo(BigDecimal.ZERO) > 0, outcome.toString());

            // The live log shows the tool uses and the result, and never the key.
            assertTrue(log.contains("tool Write " + notes), String.join("\n", log));
            assertTrue(log.contains("tool Bash echo 'appended by bash' >> notes/hello.txt"), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.startsWith("session: model " + MODEL)), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.startsWith("finished: success (3 turns")), String.join("\n", log));
            log.forEach(line -> assertFalse(line.contains(KEY), line));

            // The server saw the model, the prompt, the tools and the key (which went only to the CLI).
            List<RecordedRequest> requests = server.agentRequests();
            assertEquals(3, requests.size());
            RecordedRequest first = requests.get(0);
            assertEquals(MODEL, first.model());
            assertTrue(first.userText().contains(task.prompt()), first.userText());
            assertTrue(first.toolNames().containsAll(List.of("Write", "Bash", "Edit", "Read")), first.toolNames().toString());
            assertFalse(first.systemPrompt().isBlank());
            requests.forEach(request -> assertEquals(KEY, request.apiKey()));
            assertTrue(requests.get(2).userText().contains("toolu_fake_2") || requests.get(2).messages().toString().contains("toolu_fake_2"),
                    "the third request carries the Bash call's result");
            assertEquals(List.of(), describe(server.otherRequests()), "the CLI made requests besides the agent's");
        }
    }

    @Test
    void aRefusedRequestIsAFailedOutcomeWithTheReasonAndNoKey() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("chant-kv-y8n"));

        // The CLI retries most refusals (401, a 400 about the model) with backoff; "prompt is too long" it does not.
        try (FakeAnthropicServer server = FakeAnthropicServer.start(FakeAnthropicServer.apiError(400, "invalid_request_error",
                "prompt is too long: 250000 tokens > 200000 maximum (key " + KEY + ")"))) {
            ClaudeSettings settings = ClaudeSettings.of(cli().toString(), Optional.of(server.baseUrl()), Optional.of(KEY), Optional.empty());
            ClaudeProvider provider = new ClaudeProvider(Sandbox.bubblewrap(Bubblewrap.onPath()), settings);
            List<String> log = new CopyOnWriteArrayList<>();

            ClaudeRun run = provider.start(new AgentTask(worktree, "Do something.", MODEL), log::add);
            AgentOutcome outcome;
            try {
                outcome = run.await(DEADLINE);
            } finally {
                run.kill();
            }
            System.out.println(outcome + "\n" + String.join("\n", log));

            assertFalse(outcome.succeeded(), outcome.toString());
            String reason = outcome.failureReason().orElseThrow();
            // The CLI still ends with a result event, is_error true.
            assertEquals("error", outcome.kind());
            assertTrue(reason.startsWith("the Claude Code CLI ended with an error, API status 400: Prompt is too long"), reason);
            assertEquals(1, server.agentRequests().size());
            assertFalse(reason.contains(KEY), reason);
            assertTrue(outcome.finalText().stream().noneMatch(t -> t.contains(KEY)));
            log.forEach(line -> assertFalse(line.contains(KEY), line));
        }
    }

    private static List<String> describe(List<RecordedRequest> requests) {
        List<String> described = new ArrayList<>();
        requests.forEach(r -> described.add(r.method() + " " + r.path()));
        return described;
    }
}
