package chant.agent.provider.demo;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentTask;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.agent.secret.Redactor;
import chant.agent.secret.Secret;
import chant.agent.testing.GitRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static chant.agent.testing.GitRepositories.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real demo agent (a JVM started from this one's {@code java}) in the real bubblewrap sandbox as
 * uid 1000, in a linked git worktree, with the network off: nothing is mocked.
 */
class DemoAgentEndToEndTest {

    static final String ID = "2026-01-22-001-d3m";
    static final String SPEC_FILE = ".chant/specs/" + ID + ".md";
    static final Duration DEADLINE = Duration.ofMinutes(1);
    static final String SECRET = "demo-secret-4f9a2c7e1b";

    @TempDir
    Path root;

    private final Sandbox sandbox = Sandbox.bubblewrap(Bubblewrap.onPath());
    private final DemoProvider provider = new DemoProvider(sandbox, new Redactor(List.of(Secret.of(SECRET))));
    private final List<String> log = new CopyOnWriteArrayList<>();

    /** A linked worktree on branch chant/d3m holding the spec file, committed; returns the worktree. */
    private Path worktreeWithSpec(String... specBody) throws Exception {
        Path worktree = GitRepositories.linkedWorktree(root, "chant-kv-d3m", "chant/d3m");
        Path spec = worktree.resolve(SPEC_FILE);
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, String.join("\n", specBody) + "\n");
        git(worktree, "add", "-A");
        git(worktree, "commit", "-q", "-m", "chant(" + ID + "): the spec");
        return worktree;
    }

    private AgentTask task(Path worktree, Map<String, String> environment) {
        return new AgentTask(worktree, Optional.of(root.resolve("clone/.git")), ID, "Follow the chant-demo block.", "",
                environment);
    }

    private AgentOutcome run(Path worktree) throws Exception {
        return run(task(worktree, Map.of()));
    }

    private AgentOutcome run(AgentTask task) throws Exception {
        DemoRun run = provider.start(task, log::add);
        try {
            return run.await(DEADLINE);
        } finally {
            run.kill();
            System.out.println(String.join("\n", log));
        }
    }

    private void assertEveryLineIsTheDemoAgents() {
        assertFalse(log.isEmpty());
        log.forEach(line -> assertTrue(line.startsWith("[demo agent] "), line));
    }

    @Test
    void writesAppendsTicksCriteriaAndCommitsInItsWorktree() throws Exception {
        Path worktree = worktreeWithSpec(
                "# Greet the demo audience",
                "",
                "```chant-demo",
                "write notes/hello.txt",
                "hello from the demo agent",
                "end",
                "append notes/hello.txt",
                "and a second line",
                "end",
                "check 1",
                "commit chant(" + ID + "): greet",
                "check all",
                "commit chant(" + ID + "): tick the criteria",
                "```",
                "",
                "## Acceptance Criteria",
                "",
                "- [ ] Greeting written",
                "- [ ] Second line appended");
        String base = git(worktree, "rev-parse", "HEAD").strip();

        long started = System.nanoTime();
        AgentOutcome outcome = run(task(worktree, Map.of("GIT_AUTHOR_NAME", "Ada Demo", "GIT_AUTHOR_EMAIL", "ada@chant.invalid")));
        System.out.printf("demo agent in the sandbox: %d ms from start to result%n", (System.nanoTime() - started) / 1_000_000);

        assertTrue(outcome.succeeded(), outcome + "\n" + String.join("\n", log));
        assertEquals("success", outcome.kind());
        assertEquals(Optional.of("6 instructions carried out, 2 commits"), outcome.finalText());
        assertEquals(0, outcome.exitCode());
        assertEquals("hello from the demo agent\nand a second line\n", Files.readString(worktree.resolve("notes/hello.txt")));
        String spec = Files.readString(worktree.resolve(SPEC_FILE));
        assertTrue(spec.contains("- [x] Greeting written\n- [x] Second line appended\n"), spec);

        // Two commits on the run's branch, with the messages, the author the task named, and nothing left over.
        assertEquals("chant(" + ID + "): tick the criteria\nchant(" + ID + "): greet\n",
                git(worktree, "log", "--format=%s", base + "..HEAD"));
        assertEquals("Ada Demo <ada@chant.invalid>|chant demo agent\n",
                git(worktree, "log", "-1", "--format=%an <%ae>|%cn", "HEAD"));
        assertEquals(SPEC_FILE + "\nnotes/hello.txt\n", git(worktree, "diff", "--name-only", base, "HEAD~1"));
        assertEquals("", git(worktree, "status", "--porcelain"));
        assertEquals(git(worktree, "rev-parse", "HEAD"), git(root.resolve("clone"), "rev-parse", "chant/d3m"));

        assertEveryLineIsTheDemoAgents();
        assertTrue(log.contains("[demo agent] line 4: wrote notes/hello.txt (1 line, 26 bytes)"), String.join("\n", log));
        assertTrue(log.contains("[demo agent] line 10: checked criterion 1 of 2: Greeting written"), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.matches("\\[demo agent] line 11: committed [0-9a-f]{7,} \"chant\\(" + ID
                + "\\): greet\"")), String.join("\n", log));
        assertEquals("[demo agent] finished: success (6 instructions, 2 commits)", log.get(log.size() - 1));
    }

    @Test
    void failEndsWithAFailedOutcomeCarryingTheReasonRedacted() throws Exception {
        Path worktree = worktreeWithSpec("# Fail on purpose", "```chant-demo", "write before.txt", "x", "end",
                "fail the demo fails here (token " + SECRET + ")", "write after.txt", "y", "end", "```");

        AgentOutcome outcome = run(worktree);

        assertFalse(outcome.succeeded());
        assertEquals("failed", outcome.kind());
        assertEquals(Optional.of("the demo fails here (token [redacted])"), outcome.failureReason());
        assertEquals(1, outcome.exitCode());
        assertTrue(Files.exists(worktree.resolve("before.txt")));
        assertFalse(Files.exists(worktree.resolve("after.txt")));
        assertEveryLineIsTheDemoAgents();
        assertTrue(log.contains("[demo agent] line 6: fail: the demo fails here (token [redacted])"), String.join("\n", log));
        log.forEach(line -> assertFalse(line.contains(SECRET), line));
    }

    @Test
    void writesOutsideTheWorktreeAreRefusedAndNothingIsWrittenOutside() throws Exception {
        Path worktree = worktreeWithSpec("# Escape", "```chant-demo", "write inside.txt", "x", "end",
                "write ../outside.txt", "escaped", "end", "```");

        AgentOutcome climbing = run(worktree);

        assertEquals("failed", climbing.kind());
        assertEquals(Optional.of("line 6: `write ../outside.txt` refused: the path climbs out of the worktree (..)"),
                climbing.failureReason());
        assertFalse(Files.exists(root.resolve("outside.txt")));
        // The whole script is read first: not even the write before the refused one happened.
        assertFalse(Files.exists(worktree.resolve("inside.txt")));

        // A symlink to a directory outside: the sandbox does not even show it, and the agent refuses.
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.createSymbolicLink(worktree.resolve("escape"), outside);
        Files.writeString(worktree.resolve(SPEC_FILE), "```chant-demo\nwrite escape/file.txt\nescaped\nend\n```\n");
        log.clear();

        AgentOutcome throughSymlink = run(worktree);

        assertEquals("failed", throughSymlink.kind());
        assertEquals(Optional.of("line 2: escape/file.txt refused: escape leads through a symlink to a path that does not "
                + "exist here"), throughSymlink.failureReason());
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count());
        }
        assertEveryLineIsTheDemoAgents();
    }

    @Test
    void aSleepingAgentIsWatchedLiveAndKilledWithItsSandbox() throws Exception {
        Path worktree = worktreeWithSpec("# Sleep", "```chant-demo", "write started.txt", "x", "end", "sleep 30", "```");
        CountDownLatch sleeping = new CountDownLatch(1);

        DemoRun run = provider.start(task(worktree, Map.of()), line -> {
            log.add(line);
            if (line.contains("sleeping")) {
                sleeping.countDown();
            }
        });
        try {
            assertTrue(sleeping.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), String.join("\n", log));
            // The lines came while the agent runs.
            assertTrue(run.process().isAlive());
            assertTrue(Files.exists(worktree.resolve("started.txt")));
            List<ProcessHandle> tree = run.process().descendants().toList();

            run.kill();
            AgentOutcome outcome = run.await(Duration.ofSeconds(10));

            assertEquals("no_result", outcome.kind());
            assertTrue(outcome.failureReason().orElseThrow().startsWith("the demo agent ended (exit code "), outcome.toString());
            for (ProcessHandle process : tree) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
            assertEquals("[demo agent] line 6: sleeping 30 s", log.get(log.size() - 1));
            assertEveryLineIsTheDemoAgents();
        } finally {
            run.kill();
        }
    }

    /**
     * A runner killed with SIGKILL takes its agent along: the sandbox is started with
     * {@code --die-with-parent}. Here a shell stands in for the runner (it starts the sandboxed agent
     * and waits), and is killed while the agent sleeps.
     */
    @Test
    void theAgentDiesWithTheProcessThatStartedIt() throws Exception {
        Path worktree = worktreeWithSpec("# Sleep", "```chant-demo", "sleep 60", "```");
        ProcessBuilder agent = provider.processBuilder(task(worktree, Map.of()));
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" & wait", "runner"));
        command.addAll(agent.command());
        ProcessBuilder runner = new ProcessBuilder(command).directory(agent.directory()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        runner.environment().clear();
        runner.environment().putAll(agent.environment());
        Process process = runner.start();
        List<ProcessHandle> sandbox = new CopyOnWriteArrayList<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("sleeping 60 s")) {
                log.add(line);
            }
            assertTrue(line != null, "the agent sleeps: " + log);
            sandbox.addAll(process.descendants().toList());
            assertTrue(sandbox.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("DemoAgentMain")),
                    "the agent's JVM is among the runner's descendants");

            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);

            for (ProcessHandle p : sandbox) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        } finally {
            process.destroyForcibly();
            sandbox.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
