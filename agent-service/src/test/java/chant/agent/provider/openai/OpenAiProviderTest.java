package chant.agent.provider.openai;

import static chant.agent.testing.FakeOpenAiServer.call;
import static chant.agent.testing.FakeOpenAiServer.calls;
import static chant.agent.testing.FakeOpenAiServer.finish;
import static chant.agent.testing.FakeOpenAiServer.httpError;
import static chant.agent.testing.FakeOpenAiServer.rawCall;
import static chant.agent.testing.FakeOpenAiServer.textAndCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentTask;
import chant.agent.provider.ProviderUnavailableException;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.agent.testing.FakeOpenAiServer;
import chant.agent.testing.FakeOpenAiServer.Recorded;
import chant.agent.testing.GitRepositories;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code openai} provider's tool loop against {@link FakeOpenAiServer} (the real chat-completions
 * protocol, streamed and whole), with its tools on a real worktree and its commands in the real
 * bubblewrap sandbox: nothing is faked but the model.
 */
class OpenAiProviderTest {

    static final String KEY = "sk-openai-test-key-3b9f1c7d5e2a";
    static final String MODEL = "gpt-chant-test";
    static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir
    Path root;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private static Map<String, String> env(FakeOpenAiServer server) {
        return Map.of(OpenAiSettings.BASE_URL, server.baseUrl(), OpenAiSettings.API_KEY, KEY,
                OpenAiSettings.MODEL, "the-default-model");
    }

    private static OpenAiSettings settings(FakeOpenAiServer server) {
        return OpenAiSettings.fromEnvironment(env(server)).with(Duration.ofSeconds(30), Duration.ofMillis(50));
    }

    private AgentOutcome run(OpenAiSettings settings, AgentTask task) throws Exception {
        OpenAiRun run = new OpenAiProvider(Sandbox.bubblewrap(Bubblewrap.onPath()), settings).start(task, log::add);
        try {
            return run.await(DEADLINE);
        } finally {
            run.kill();
        }
    }

    private String logText() {
        return String.join("\n", log);
    }

    @Test
    void twoParallelCallsInOneStreamedAnswerThenCommandsAndFinish() throws Exception {
        Path worktree = GitRepositories.linkedWorktree(root, "chant-kv-x7m", "chant/x7m");
        String commit = "cat notes/a.txt notes/b.txt > notes/both.txt && git add -A && git commit -q -m 'chant(x7m): notes'"
                + " && git log --oneline | wc -l";
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                textAndCalls("I will write two files.",
                        call("write_file", Map.of("path", "notes/a.txt", "content", "alpha\n")),
                        call("write_file", Map.of("path", worktree.resolve("notes/b.txt").toString(),
                                "content", "beta, \"quoted\" and ünïcode\n"))),
                calls(call("run_command", Map.of("command", commit))),
                calls(call("read_file", Map.of("path", "notes/both.txt")), call("list_files", Map.of("path", "notes"))),
                finish("Two notes written and committed."))) {
            AgentTask task = new AgentTask(worktree, Optional.of(root.resolve("clone/.git")), "2026-01-22-001-x7m",
                    "Write two notes and commit them.", MODEL, Map.of("GIT_AUTHOR_NAME", "chant agent",
                            "GIT_AUTHOR_EMAIL", "agent@chant.invalid", "GIT_COMMITTER_NAME", "chant agent",
                            "GIT_COMMITTER_EMAIL", "agent@chant.invalid"));

            AgentOutcome outcome = run(settings(server), task);

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            assertEquals("success", outcome.kind());
            assertEquals(Optional.of("Two notes written and committed."), outcome.finalText());
            assertEquals(Optional.of(4), outcome.turns());
            assertEquals(4L * FakeOpenAiServer.PROMPT_TOKENS, outcome.usage().orElseThrow().inputTokens());
            assertEquals(4L * FakeOpenAiServer.COMPLETION_TOKENS, outcome.usage().orElseThrow().outputTokens());

            // Both calls of the first answer were carried out, and the command committed them in the sandbox.
            assertEquals("alpha\n", Files.readString(worktree.resolve("notes/a.txt")));
            assertEquals("beta, \"quoted\" and ünïcode\n", Files.readString(worktree.resolve("notes/b.txt")));
            assertEquals("alpha\nbeta, \"quoted\" and ünïcode\n", Files.readString(worktree.resolve("notes/both.txt")));
            assertEquals("chant(x7m): notes\n", GitRepositories.git(worktree, "log", "-1", "--format=%s"));
            assertEquals("chant agent\n", GitRepositories.git(worktree, "log", "-1", "--format=%an"));

            List<Recorded> requests = server.requests();
            assertEquals(4, requests.size());
            for (Recorded request : requests) {
                assertTrue(request.streaming());
                assertEquals(MODEL, request.model(), "the run's model, not the default");
                assertEquals("Bearer " + KEY, request.authorization());
                assertEquals(List.of("read_file", "write_file", "list_files", "run_command", "finish"), request.toolNames());
            }
            Recorded first = requests.get(0);
            assertEquals("system", first.messages().get(0).path("role").asText());
            assertEquals("user", first.messages().get(1).path("role").asText());
            assertEquals(task.prompt(), first.messages().get(1).path("content").asText());
            // The second request carries the first answer back, its calls rebuilt exactly from the interleaved chunks.
            var assistant = requests.get(1).messages().get(2);
            assertEquals("I will write two files.", assistant.path("content").asText());
            assertEquals("call_0_0", assistant.path("tool_calls").get(0).path("id").asText());
            assertEquals("call_0_1", assistant.path("tool_calls").get(1).path("id").asText());
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(json.readTree("{\"path\":\"notes/a.txt\",\"content\":\"alpha\\n\"}"),
                    json.readTree(assistant.path("tool_calls").get(0).path("function").path("arguments").asText()));
            assertEquals(json.readTree(json.writeValueAsString(Map.of("path", worktree.resolve("notes/b.txt").toString(),
                    "content", "beta, \"quoted\" and ünïcode\n"))),
                    json.readTree(assistant.path("tool_calls").get(1).path("function").path("arguments").asText()));
            assertEquals(List.of("call_0_0: wrote notes/a.txt (6 bytes)", "call_0_1: wrote notes/b.txt (29 bytes)"),
                    requests.get(1).toolResults());
            assertEquals("call_1_0: exit code 0\n2\n", requests.get(2).toolResults().get(2));
            List<String> reads = requests.get(3).toolResults();
            assertEquals("call_2_0: alpha\nbeta, \"quoted\" and ünïcode\n", reads.get(3));
            assertEquals("call_2_1: a.txt\nb.txt\nboth.txt", reads.get(4));

            // The live log: the assistant's text, each call with a summary of its result, the end.
            assertTrue(log.contains("assistant: I will write two files."), logText());
            assertTrue(log.contains("tool write_file notes/a.txt"), logText());
            assertTrue(log.contains("  write_file result: wrote notes/a.txt (6 bytes)"), logText());
            assertTrue(log.contains("tool run_command " + commit), logText());
            assertTrue(log.contains("  run_command result: exit code 0, 2 bytes of output"), logText());
            assertTrue(log.contains("finished: success (4 turns, 400 in / 80 out tokens): Two notes written and committed."),
                    logText());
            assertTrue(log.get(0).startsWith("session: model " + MODEL + " at 127.0.0.1 (openai-compatible, streaming)"),
                    logText());
        }
    }

    @Test
    void aRateLimitAndAServerErrorAreRetriedHonouringRetryAfter() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                httpError(429, Map.of("Retry-After", "1"), "Rate limit reached for requests"),
                httpError(503, Map.of(), "upstream is overloaded"),
                finish("done"))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Do it.", ""));

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            assertEquals(3, server.requests().size());
            assertEquals("the-default-model", server.requests().get(0).model(), "a run without a model: the default");
            assertTrue(log.contains("model API: HTTP 429 (rate limited): Rate limit reached for requests; trying again in 1 s"
                    + " (attempt 2 of 6)"), logText());
            // No Retry-After: the backoff, twice the base for the second retry.
            assertTrue(log.contains("model API: HTTP 503: upstream is overloaded; trying again in 0.1 s (attempt 3 of 6)"),
                    logText());
            assertEquals(Optional.of(1), outcome.turns(), "retries are not turns");
        }
    }

    @Test
    void aServerErrorThatPersistsFailsAfterTheAttempts() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        FakeOpenAiServer.Reply broken = httpError(500, Map.of(), "internal error");
        try (FakeOpenAiServer server = FakeOpenAiServer.start(broken, broken, broken, broken, broken, broken)) {
            AgentOutcome outcome = run(settings(server).with(Duration.ofSeconds(30), Duration.ofMillis(5)),
                    new AgentTask(worktree, "Do it.", MODEL));

            assertFalse(outcome.succeeded());
            assertEquals("error", outcome.kind());
            assertEquals(Optional.of("the model API still answered HTTP 500 after 6 attempts: internal error"),
                    outcome.failureReason());
            assertEquals(6, server.requests().size());
        }
    }

    @Test
    void withStreamingOffTheWholeAnswerIsParsed() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                calls(call("write_file", Map.of("path", "a.txt", "content", "one")),
                        call("write_file", Map.of("path", "sub/b.txt", "content", "two"))),
                calls(call("list_files", Map.of("path", ".", "recursive", true))),
                finish("Both written."))) {
            Files.createDirectories(worktree.resolve(".git/objects"));
            Files.writeString(worktree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
            Map<String, String> env = new HashMap<>(env(server));
            env.put(OpenAiSettings.STREAM, "false");
            AgentOutcome outcome = run(OpenAiSettings.fromEnvironment(env), new AgentTask(worktree, "Write.", MODEL));

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            assertEquals("one", Files.readString(worktree.resolve("a.txt")));
            assertEquals("two", Files.readString(worktree.resolve("sub/b.txt")));
            server.requests().forEach(r -> assertFalse(r.streaming()));
            assertFalse(server.requests().get(0).body().has("stream_options"));
            assertEquals(List.of("call_0_0: wrote a.txt (3 bytes)", "call_0_1: wrote sub/b.txt (3 bytes)"),
                    server.requests().get(1).toolResults());
            assertEquals("call_1_0: a.txt\nsub/\nsub/b.txt", server.requests().get(2).toolResults().get(2), "without .git");
            assertEquals(3L * FakeOpenAiServer.PROMPT_TOKENS, outcome.usage().orElseThrow().inputTokens());
            assertTrue(log.get(0).contains("(openai-compatible, not streaming)"), logText());
        }
    }

    @Test
    void pathsOutOfTheWorktreeAreRefusedAndNothingOutsideIsReadOrWritten() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "the outside secret 42\n");
        Files.createSymbolicLink(worktree.resolve("link"), outside);
        Files.createSymbolicLink(worktree.resolve("file-link"), outside.resolve("secret.txt"));
        Files.createDirectories(worktree.resolve("src"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                calls(call("read_file", Map.of("path", "../outside/secret.txt")),
                        call("read_file", Map.of("path", outside.resolve("secret.txt").toString())),
                        call("read_file", Map.of("path", "link/secret.txt")),
                        call("read_file", Map.of("path", "file-link")),
                        call("write_file", Map.of("path", "link/new.txt", "content", "x")),
                        call("write_file", Map.of("path", "src/../../outside/new.txt", "content", "x")),
                        call("write_file", Map.of("path", outside.resolve("new.txt").toString(), "content", "x")),
                        call("write_file", Map.of("path", ".git/config", "content", "x")),
                        call("list_files", Map.of("path", "link")),
                        call("list_files", Map.of("path", "/"))),
                rawCall("write_file", "{\"path\": \"a.txt\", \"content\": "),
                finish("Tried."))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Escape.", MODEL));

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            List<String> results = server.requests().get(1).toolResults();
            assertEquals(10, results.size(), results.toString());
            for (String result : results) {
                assertTrue(result.contains(": error: refused: "), result);
                assertFalse(result.contains("outside secret"), result);
            }
            assertTrue(results.get(0).endsWith("climbs with '..'; give a path inside the worktree"), results.get(0));
            assertTrue(results.get(1).contains("is outside the worktree"), results.get(1));
            assertTrue(results.get(2).endsWith("leads out of the worktree through a symbolic link"), results.get(2));
            assertTrue(results.get(7).contains("is inside .git"), results.get(7));
            try (Stream<Path> files = Files.list(outside)) {
                assertEquals(List.of(outside.resolve("secret.txt")), files.toList(), "nothing was written outside");
            }
            String broken = server.requests().get(2).toolResults().get(10);
            assertTrue(broken.startsWith("call_1_0: error: the arguments are not valid JSON"), broken);
            assertTrue(log.contains("  read_file failed: refused: ../outside/secret.txt climbs with '..'; give a path inside"
                    + " the worktree"), logText());
        }
    }

    @Test
    void commandsRunInTheSandboxWithoutNetworkAndCannotWriteOutside() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                FakeOpenAiServer server = FakeOpenAiServer.start(
                        calls(call("run_command", Map.of("command", "exec 3<>/dev/tcp/127.0.0.1/" + listening.getLocalPort()
                                        + " && echo connected")),
                                call("run_command", Map.of("command", "echo escaped > " + outside.resolve("escape.txt"))),
                                call("run_command", Map.of("command", "echo fine > inside.txt && id -u && env | sort"))),
                        finish("Done."))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Try.", MODEL));

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            List<String> results = server.requests().get(1).toolResults();
            assertFalse(results.get(0).contains("connected"), results.get(0));
            assertFalse(results.get(0).startsWith("call_0_0: exit code 0"), results.get(0));
            assertFalse(results.get(1).startsWith("call_0_1: exit code 0"), results.get(1));
            assertFalse(Files.exists(outside.resolve("escape.txt")));
            assertTrue(results.get(2).startsWith("call_0_2: exit code 0\n1000\n"), results.get(2));
            assertEquals("fine\n", Files.readString(worktree.resolve("inside.txt")));
            // The agent's processes never see the key, nor any of the runner's settings.
            assertFalse(results.get(2).contains(KEY), results.get(2));
            assertFalse(results.get(2).contains("CHANT_"), results.get(2));
        }
    }

    @Test
    void aCommandPastItsTimeLimitIsStopped() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                calls(call("run_command", Map.of("command", "echo started; sleep 60; echo never"))),
                finish("Gave up waiting."))) {
            AgentOutcome outcome = run(settings(server).with(Duration.ofSeconds(2), Duration.ofMillis(50)),
                    new AgentTask(worktree, "Wait.", MODEL));

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            String result = server.requests().get(1).toolResults().get(0);
            assertEquals("call_0_0: error: the command was stopped after its time limit of 2 s\nstarted\n", result);
            assertTrue(log.contains("  run_command failed: the command was stopped after its time limit of 2 s"), logText());
        }
    }

    @Test
    void aRefusedKeyFailsAtOnceWithAClearReasonAndTheKeyNowhere() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                httpError(401, Map.of(), "Incorrect API key provided: " + KEY + "."))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Do it.", MODEL));

            assertFalse(outcome.succeeded());
            assertEquals("error", outcome.kind());
            assertEquals(Optional.of("the model API refused the key (HTTP 401): Incorrect API key provided: [redacted].; check"
                    + " CHANT_OPENAI_API_KEY (or CHANT_OPENAI_API_KEY_FILE)"), outcome.failureReason());
            assertEquals(1, server.requests().size(), "a refused key is not retried");
            assertFalse(logText().contains(KEY), logText());
            assertTrue(log.get(log.size() - 1).startsWith("finished: error (0 turns): the model API refused the key"), logText());
        }
    }

    @Test
    void aKeyTheModelRepeatsIsRedactedFromTheLogAndTheOutcome() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                textAndCalls("My key is " + KEY + ", I think.", call("run_command", Map.of("command", "echo " + KEY))),
                calls(call("write_file", Map.of("path", KEY + ".txt", "content", KEY))),
                finish("Finished; the key was " + KEY))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Leak it.", MODEL));

            assertTrue(outcome.succeeded(), outcome + "\n" + logText());
            assertEquals(Optional.of("Finished; the key was [redacted]"), outcome.finalText());
            assertFalse(logText().contains(KEY), logText());
            assertFalse(outcome.toString().contains(KEY), outcome.toString());
            assertTrue(log.contains("assistant: My key is [redacted], I think."), logText());
            assertTrue(log.contains("tool run_command echo [redacted]"), logText());
        }
    }

    @Test
    void aModelThatStopsTalkingIsRemindedOnceAndTheTurnsAreLimited() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(FakeOpenAiServer.text("I am done, I think."),
                FakeOpenAiServer.text("Really done."))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Do it.", MODEL));
            assertTrue(outcome.succeeded(), outcome.toString());
            assertEquals(Optional.of("Really done."), outcome.finalText());
            var messages = server.requests().get(1).messages();
            assertEquals(OpenAiRun.REMINDER, messages.get(messages.size() - 1).path("content").asText());
        }
        log.clear();
        try (FakeOpenAiServer server = FakeOpenAiServer.start(calls(call("list_files", Map.of())),
                calls(call("list_files", Map.of())), finish("too late"))) {
            AgentOutcome outcome = run(settings(server).maxTurns(2), new AgentTask(worktree, "Do it.", MODEL));
            assertFalse(outcome.succeeded());
            assertEquals("error_max_turns", outcome.kind());
            assertEquals(Optional.of("the model did not call finish within 2 turns (CHANT_OPENAI_MAX_TURNS)"),
                    outcome.failureReason());
            assertEquals(2, server.requests().size());
        }
    }

    @Test
    void finishWithoutSuccessIsAFailureWithTheAgentsReason() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(
                calls(call("finish", Map.of("summary", "The tests need a database I cannot reach.", "success", false))))) {
            AgentOutcome outcome = run(settings(server), new AgentTask(worktree, "Do it.", MODEL));
            assertFalse(outcome.succeeded());
            assertEquals("failed", outcome.kind());
            assertEquals(Optional.of("the agent gave up: The tests need a database I cannot reach."), outcome.failureReason());
        }
    }

    @Test
    void killEndsACommandUnderWayAndTheLoop() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(calls(call("run_command", Map.of("command", "sleep 60"))))) {
            OpenAiRun run = new OpenAiProvider(Sandbox.bubblewrap(Bubblewrap.onPath()), settings(server))
                    .start(new AgentTask(worktree, "Sleep.", MODEL), log::add);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.contains("tool run_command sleep 60"));
            run.kill();
            AgentOutcome outcome = run.await(Duration.ofSeconds(30));
            assertFalse(outcome.succeeded());
            assertEquals("stopped", outcome.kind());
            assertEquals(Optional.of("the agent was stopped"), outcome.failureReason());
        }
    }

    @Test
    void killEndsAStreamedAnswerThatStalls() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (FakeOpenAiServer server = FakeOpenAiServer.start(FakeOpenAiServer.stall())) {
            OpenAiRun run = new OpenAiProvider(Sandbox.bubblewrap(Bubblewrap.onPath()), settings(server))
                    .start(new AgentTask(worktree, "Think.", MODEL), log::add);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.requests().size() == 1);
            run.kill();
            AgentOutcome outcome = run.await(Duration.ofSeconds(30));
            assertEquals("stopped", outcome.kind(), outcome + "\n" + logText());
            assertEquals(1, server.requests().size(), "a stopped run is not retried");
            assertTrue(log.stream().noneMatch(l -> l.startsWith("model API:")), logText());
        }
    }

    @Test
    void aMissingEndpointKeyOrModelSaysWhatToSet() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        Sandbox sandbox = Sandbox.bubblewrap(Bubblewrap.onPath());
        AgentTask task = new AgentTask(worktree, "Do it.", "");
        String noUrl = assertThrows(ProviderUnavailableException.class, () -> new OpenAiProvider(sandbox,
                OpenAiSettings.fromEnvironment(Map.of(OpenAiSettings.API_KEY, KEY))).start(task, log::add)).getMessage();
        assertTrue(noUrl.startsWith("no endpoint for the openai provider: set CHANT_OPENAI_BASE_URL"), noUrl);
        String noKey = assertThrows(ProviderUnavailableException.class, () -> new OpenAiProvider(sandbox,
                OpenAiSettings.fromEnvironment(Map.of(OpenAiSettings.BASE_URL, "http://127.0.0.1:9/v1"))).start(task, log::add))
                .getMessage();
        assertTrue(noKey.startsWith("no API key for the openai provider: set CHANT_OPENAI_API_KEY or CHANT_OPENAI_API_KEY_FILE"),
                noKey);
        String noModel = assertThrows(ProviderUnavailableException.class, () -> new OpenAiProvider(sandbox,
                OpenAiSettings.fromEnvironment(Map.of(OpenAiSettings.BASE_URL, "http://127.0.0.1:9/v1", OpenAiSettings.API_KEY,
                        KEY))).start(task, log::add)).getMessage();
        assertTrue(noModel.contains("set CHANT_OPENAI_MODEL"), noModel);
        String badUrl = assertThrows(ProviderUnavailableException.class,
                () -> OpenAiSettings.fromEnvironment(Map.of(OpenAiSettings.BASE_URL, "localhost:11434"))).getMessage();
        assertTrue(badUrl.startsWith("CHANT_OPENAI_BASE_URL is not an http(s) URL: localhost:11434"), badUrl);
        String badStream = assertThrows(ProviderUnavailableException.class,
                () -> OpenAiSettings.fromEnvironment(Map.of(OpenAiSettings.STREAM, "maybe"))).getMessage();
        assertEquals("CHANT_OPENAI_STREAM must be true or false, not maybe", badStream);
        assertTrue(log.isEmpty(), "nothing started");

        Path keyFile = Files.writeString(root.resolve("key"), KEY + "\n");
        OpenAiSettings fromFile = OpenAiSettings.fromEnvironment(Map.of(OpenAiSettings.API_KEY_FILE, keyFile.toString()));
        assertEquals(KEY, fromFile.apiKey().orElseThrow().reveal());
        assertFalse(fromFile.toString().contains(KEY), fromFile.toString());
        String missingFile = assertThrows(ProviderUnavailableException.class, () -> OpenAiSettings.fromEnvironment(
                Map.of(OpenAiSettings.API_KEY_FILE, root.resolve("nope").toString()))).getMessage();
        assertTrue(missingFile.startsWith("cannot read the OpenAI API key file"), missingFile);
    }
}
