package chant.agent.provider.claude;

import chant.agent.provider.AgentProvider;
import chant.agent.provider.AgentTask;
import chant.agent.provider.ProviderUnavailableException;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import chant.agent.secret.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the Claude Code CLI on a task in the sandbox: the worktree read-write, the CLI's own directory
 * read-only, the network on (the CLI needs its API), a writable home, and an environment holding only
 * what the CLI needs, with the API key.
 */
public final class ClaudeProvider implements AgentProvider {

    public static final String NAME = "claude";

    private final Sandbox sandbox;
    private final ClaudeSettings settings;

    public ClaudeProvider(Sandbox sandbox, ClaudeSettings settings) {
        this.sandbox = sandbox;
        this.settings = settings;
    }

    /** The sandbox the CLI runs in for {@code task}. */
    public SandboxSpec sandboxSpec(AgentTask task, Path executable) {
        SandboxSpec.Builder spec = SandboxSpec.forWorktree(task.worktree())
                .readOnly(executable.getParent())
                .env(ClaudeCommand.environment(settings, task))
                .network(true)
                .dieWithParent(true);
        task.gitCommonDir().ifPresent(spec::gitCommonDir);
        return spec.build();
    }

    /**
     * Starts the CLI. Each event it prints becomes log lines for {@code log} (redacted, called from the
     * run's reader threads); {@link ClaudeRun#await()} gives the outcome.
     *
     * @throws ProviderUnavailableException when the CLI or its key is missing (says what to set)
     * @throws chant.support.sandbox.SandboxUnavailableException when bubblewrap is missing (says how to install it)
     */
    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ClaudeRun start(AgentTask task, Consumer<String> log) throws IOException {
        settings.check();
        sandbox.check();
        // The CLI is started by its real path: npm's launcher is a symlink into the package, which is what is mounted.
        Path executable = settings.cli().toRealPath();
        List<String> command = ClaudeCommand.arguments(executable.toString(), task);
        ProcessBuilder builder = sandbox.processBuilder(sandboxSpec(task, executable), command);
        Redactor redactor = new Redactor(settings.apiKey().stream().toList());
        return ClaudeRun.start(builder, new StreamJsonParser(redactor), redactor, log);
    }
}
