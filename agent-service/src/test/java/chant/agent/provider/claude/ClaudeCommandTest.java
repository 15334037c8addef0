package chant.agent.provider.claude;

import chant.agent.provider.AgentTask;
import chant.agent.provider.ProviderUnavailableException;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's command line, environment and sandbox for a task, and the settings' checks. */
class ClaudeCommandTest {

    private static final String KEY = "sk-ant-test-0123456789abcdef";

    @TempDir
    Path dir;

    private final AgentTask task = new AgentTask(Path.of("/work/chant-kv-x7m"), Optional.of(Path.of("/work/clones/kv/.git")), "2026-01-22-001-x7m",
            "Fix the bug", "claude-sonnet-4-5", Map.of("GIT_AUTHOR_NAME", "chant"));

    @Test
    void printModeWithStreamJsonTheModelAndNoPermissionPrompts() {
        assertEquals(List.of("/opt/claude/bin/claude.exe", "-p", "Fix the bug", "--output-format", "stream-json", "--verbose",
                        "--model", "claude-sonnet-4-5", "--dangerously-skip-permissions"),
                ClaudeCommand.arguments("/opt/claude/bin/claude.exe", task));
    }

    @Test
    void theEnvironmentHoldsWhatTheCliNeedsAndTheKey() {
        ClaudeSettings settings = ClaudeSettings.of("/opt/claude/bin/claude.exe", Optional.of("http://127.0.0.1:9999"),
                Optional.of(KEY), Optional.empty());

        assertEquals(Map.of("PATH", ClaudeCommand.PATH, "LANG", "C.UTF-8", "GIT_AUTHOR_NAME", "chant",
                        "ANTHROPIC_BASE_URL", "http://127.0.0.1:9999", "ANTHROPIC_API_KEY", KEY,
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
                ClaudeCommand.environment(settings, task));
    }

    @Test
    void theSandboxHasTheNetworkTheCliDirectoryAndTheGitDirectory() {
        ClaudeSettings settings = ClaudeSettings.of("/opt/claude/bin/claude.exe", Optional.empty(), Optional.of(KEY), Optional.empty());
        ClaudeProvider provider = new ClaudeProvider(Sandbox.bubblewrap(Bubblewrap.at(Path.of("/usr/bin/bwrap"))), settings);

        SandboxSpec spec = provider.sandboxSpec(task, Path.of("/opt/claude/bin/claude.exe"));

        assertTrue(spec.network());
        assertTrue(spec.dieWithParent(), "the CLI ends with its runner");
        assertEquals(List.of(Path.of("/opt/claude/bin")), spec.readOnlyPaths());
        assertEquals(Optional.of(Path.of("/work/clones/kv/.git")), spec.gitCommonDir());
        assertEquals(Path.of("/work/chant-kv-x7m"), spec.worktree());
        assertFalse(spec.environment().containsKey("ANTHROPIC_BASE_URL"), "no base URL: Anthropic's API");
        assertFalse(spec.toString().contains(KEY));
        assertFalse(settings.toString().contains(KEY));
    }

    @Test
    void theKeyComesFromAFileWhenNotGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY + "\n");

        ClaudeSettings settings = ClaudeSettings.of("claude", Optional.empty(), Optional.empty(), Optional.of(file.toString()));

        assertEquals(KEY, settings.apiKey().orElseThrow().reveal());
    }

    @Test
    void aMissingCliOrKeySaysWhatToSet() throws Exception {
        ProviderUnavailableException noCli = assertThrows(ProviderUnavailableException.class, () ->
                ClaudeSettings.of(dir.resolve("missing").toString(), Optional.empty(), Optional.of(KEY), Optional.empty()).check());
        assertTrue(noCli.getMessage().contains("CHANT_CLAUDE_CLI"), noCli.getMessage());

        Path cli = Files.createFile(dir.resolve("claude"));
        cli.toFile().setExecutable(true);
        ProviderUnavailableException noKey = assertThrows(ProviderUnavailableException.class, () ->
                ClaudeSettings.of(cli.toString(), Optional.empty(), Optional.of(" "), Optional.empty()).check());
        assertTrue(noKey.getMessage().contains("CHANT_ANTHROPIC_API_KEY"), noKey.getMessage());

        ProviderUnavailableException badFile = assertThrows(ProviderUnavailableException.class, () ->
                ClaudeSettings.of(cli.toString(), Optional.empty(), Optional.empty(), Optional.of(dir.resolve("nokey").toString())));
        assertTrue(badFile.getMessage().contains("CHANT_ANTHROPIC_API_KEY_FILE"), badFile.getMessage());
    }

    @Test
    void aTaskNeedsAPromptAndAModel() {
        assertThrows(IllegalArgumentException.class, () -> new AgentTask(Path.of("/w"), " ", "m"));
        assertFalse(ClaudeCommand.arguments("claude", new AgentTask(Path.of("/w"), "p", "")).contains("--model"),
                "without a model the CLI chooses its default");
    }
}
