package chant.agent.provider.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentTask;
import chant.agent.provider.ProviderUnavailableException;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.agent.testing.GitRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code command} provider with a real small script as the agent, in the real bubblewrap sandbox:
 * its argument list, the prompt file, the exit code's meaning, and the walls around it.
 */
class CommandProviderTest {

    static final Duration DEADLINE = Duration.ofMinutes(1);
    static final String TOKEN = "agent-token-6d1e9f2a7c";

    /** The agent: prints its arguments, copies the prompt, works, tries to get out, and exits with $AGENT_EXIT. */
    static final String SCRIPT = """
            #!/bin/sh
            echo "argc $#"
            for a in "$@"; do echo "arg <$a>"; done
            echo "prompt file in env: $CHANT_PROMPT_FILE"
            cp "$2" prompt-copy.md
            echo work > work.txt
            if { echo escaped > "OUTSIDE/escape.txt"; } 2>/dev/null; then echo "wrote outside"; else echo "could not write outside"; fi
            if { echo x > "$CHANT_PROMPT_FILE"; } 2>/dev/null; then echo "changed the prompt"; else echo "prompt is read-only"; fi
            echo "token $AGENT_TOKEN"
            echo "a warning" >&2
            echo "all done: $AGENT_EXIT"
            exit "$AGENT_EXIT"
            """;

    @TempDir
    Path root;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private Path script() throws Exception {
        Path tools = Files.createDirectories(root.resolve("tools"));
        Path script = Files.writeString(tools.resolve("agent.sh"),
                SCRIPT.replace("OUTSIDE", root.resolve("outside").toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private AgentOutcome run(Map<String, String> env, AgentTask task) throws Exception {
        CommandRun run = new CommandProvider(Sandbox.bubblewrap(Bubblewrap.onPath()), CommandSettings.fromEnvironment(env))
                .start(task, log::add);
        try {
            return run.await(DEADLINE);
        } finally {
            run.kill();
        }
    }

    private Map<String, String> env(Path script, String exit) {
        Map<String, String> env = new HashMap<>();
        env.put(CommandSettings.COMMAND, "[\"" + script + "\", \"--prompt-file\", \"{prompt_file}\", \"--model={model}\","
                + " \"{worktree}\", \"{spec_id}\", \"{spec_file}\", \"two words {unchanged\"]");
        env.put(CommandSettings.ENV, "AGENT_TOKEN, AGENT_EXIT");
        env.put("AGENT_TOKEN", TOKEN);
        env.put("AGENT_EXIT", exit);
        return env;
    }

    @Test
    void theScriptGetsItsArgumentsAndPromptAndItsOutputIsTheLogAndFinalText() throws Exception {
        Path script = script();
        Path worktree = GitRepositories.linkedWorktree(root, "chant-kv-c0m", "chant/c0m");
        Path outside = Files.createDirectories(root.resolve("outside"));
        AgentTask task = new AgentTask(worktree, Optional.of(root.resolve("clone/.git")), "2026-01-22-001-c0m",
                "Do the work.\nSecond line of the prompt, with {model} in it.", "model-x", Map.of());

        AgentOutcome outcome = run(env(script, "0"), task);

        String text = String.join("\n", log);
        assertTrue(outcome.succeeded(), outcome + "\n" + text);
        assertEquals("success", outcome.kind());
        assertEquals(0, outcome.exitCode());
        String promptFile = log.stream().filter(l -> l.startsWith("agent: prompt file in env: ")).findFirst().orElseThrow()
                .substring("agent: prompt file in env: ".length());
        assertTrue(promptFile.endsWith("/prompt.md"), promptFile);
        assertEquals(List.of("agent: argc 7", "agent: arg <--prompt-file>", "agent: arg <" + promptFile + ">",
                "agent: arg <--model=model-x>", "agent: arg <" + worktree + ">", "agent: arg <2026-01-22-001-c0m>",
                "agent: arg <.chant/specs/2026-01-22-001-c0m.md>", "agent: arg <two words {unchanged>"), log.subList(1, 9));
        assertEquals(task.prompt(), Files.readString(worktree.resolve("prompt-copy.md")), "the prompt, whole, unreplaced");
        assertEquals("work\n", Files.readString(worktree.resolve("work.txt")));
        assertTrue(log.contains("agent: could not write outside"), text);
        assertFalse(Files.exists(outside.resolve("escape.txt")));
        assertTrue(log.contains("agent: prompt is read-only"), text);
        assertFalse(Files.exists(Path.of(promptFile)), "the prompt's directory is removed when the agent ends");
        // The passed variable reached the agent and is a secret: redacted from the log and the final text.
        assertTrue(log.contains("agent: token [redacted]"), text);
        assertFalse(text.contains(TOKEN), text);
        assertTrue(log.contains("agent stderr: a warning"), text);
        assertTrue(outcome.finalText().orElseThrow().endsWith("token [redacted]\nall done: 0"), outcome.toString());
        assertEquals("finished: success (exit code 0)", log.get(log.size() - 1));
    }

    @Test
    void aNonZeroExitCodeIsAFailureNamingIt() throws Exception {
        Path script = script();
        Path worktree = Files.createDirectories(root.resolve("wt"));
        Files.createDirectories(root.resolve("outside"));

        AgentOutcome outcome = run(env(script, "3"), new AgentTask(worktree, "Fail.", ""));

        assertFalse(outcome.succeeded());
        assertEquals("exit_code", outcome.kind());
        assertEquals(3, outcome.exitCode());
        assertEquals(Optional.of("the agent command exited with code 3: a warning"), outcome.failureReason());
        assertTrue(log.contains("agent: arg <--model=>"), "no model: the placeholder is empty");
    }

    @Test
    void theNetworkIsOffUnlessConfigured() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String connect = "exec 3<>/dev/tcp/127.0.0.1/" + listening.getLocalPort() + " && echo connected";
            Map<String, String> env = Map.of(CommandSettings.COMMAND, "[\"bash\", \"-c\", \"" + connect + "\"]");
            AgentOutcome off = run(env, new AgentTask(worktree, "Connect.", ""));
            assertFalse(off.succeeded(), off.toString());
            assertFalse(log.contains("agent: connected"), String.join("\n", log));

            log.clear();
            Map<String, String> on = new HashMap<>(env);
            on.put(CommandSettings.NETWORK, "true");
            AgentOutcome connected = run(on, new AgentTask(worktree, "Connect.", ""));
            assertTrue(connected.succeeded(), connected + "\n" + String.join("\n", log));
            assertTrue(log.contains("agent: connected"), String.join("\n", log));
        }
    }

    @Test
    void aWrongTemplateIsRefusedWithWhatToFix() throws Exception {
        Path worktree = Files.createDirectories(root.resolve("wt"));
        AgentTask task = new AgentTask(worktree, "x", "");
        assertTrue(refusal(Map.of(), task).startsWith("no agent command for the command provider: set CHANT_AGENT_COMMAND"));
        assertTrue(refusal(Map.of(CommandSettings.COMMAND, "my-agent --prompt {prompt_file}"), task)
                .startsWith("CHANT_AGENT_COMMAND is not a JSON array: give the argument list (never a shell string)"));
        assertEquals("CHANT_AGENT_COMMAND is an empty array: its first element is the program to run",
                refusal(Map.of(CommandSettings.COMMAND, "[]"), task));
        assertEquals("CHANT_AGENT_COMMAND element 2 is 3, not a string: every argument is a JSON string",
                refusal(Map.of(CommandSettings.COMMAND, "[\"true\", 3]"), task));
        assertEquals("CHANT_AGENT_COMMAND element 2 has the unknown placeholder {promptfile}: use {prompt_file}, {prompt},"
                + " {model}, {worktree}, {spec_id}, {spec_file}", refusal(Map.of(CommandSettings.COMMAND,
                        "[\"true\", \"{promptfile}\"]"), task));
        assertTrue(refusal(Map.of(CommandSettings.COMMAND, "[\"no-such-agent-cli\"]"), task)
                .startsWith("CHANT_AGENT_COMMAND starts with no-such-agent-cli, which is not on the sandbox's PATH"));
        assertTrue(refusal(Map.of(CommandSettings.COMMAND, "[\"bin/agent\"]"), task)
                .startsWith("CHANT_AGENT_COMMAND starts with bin/agent: give the program as an absolute path"));
        assertEquals("CHANT_AGENT_COMMAND_ENV names MISSING_KEY, which is not set in the runner's environment: set it where"
                + " agent-service runs", refusal(Map.of(CommandSettings.COMMAND, "[\"true\"]", CommandSettings.ENV,
                        "MISSING_KEY"), task));
        assertTrue(log.isEmpty(), "nothing started");
    }

    private String refusal(Map<String, String> env, AgentTask task) {
        return assertThrows(ProviderUnavailableException.class, () -> new CommandProvider(
                Sandbox.bubblewrap(Bubblewrap.onPath()), CommandSettings.fromEnvironment(env)).start(task, log::add)).getMessage();
    }
}
