package chant.agent.runner;

import chant.agent.provider.AgentProvider;
import chant.agent.provider.ProviderUnavailableException;
import chant.agent.provider.ProviderNames;
import chant.agent.provider.claude.ClaudeProvider;
import chant.agent.provider.claude.ClaudeSettings;
import chant.agent.provider.command.CommandProvider;
import chant.agent.provider.command.CommandSettings;
import chant.agent.provider.demo.DemoProvider;
import chant.agent.provider.openai.OpenAiProvider;
import chant.agent.provider.openai.OpenAiSettings;
import chant.support.sandbox.Sandbox;
import java.util.Map;
import java.util.Optional;

/** The providers a runner can start, configured from its environment (the same variables as the service's). */
final class Providers {

    private final Sandbox sandbox;
    private final Map<String, String> env;
    /** One per runner, so that its agent's class files are copied once (and may be copied ahead: {@link #prepare}). */
    private DemoProvider demo;

    Providers(Sandbox sandbox, Map<String, String> env) {
        this.sandbox = sandbox;
        this.env = env;
    }

    AgentProvider named(String name) {
        return switch (name) {
            case ClaudeProvider.NAME -> new ClaudeProvider(sandbox, ClaudeSettings.of(
                    env.getOrDefault("CHANT_CLAUDE_CLI", ClaudeSettings.DEFAULT_CLI),
                    optional("CHANT_ANTHROPIC_BASE_URL"), optional("CHANT_ANTHROPIC_API_KEY"),
                    optional("CHANT_ANTHROPIC_API_KEY_FILE")));
            case OpenAiProvider.NAME -> new OpenAiProvider(sandbox, OpenAiSettings.fromEnvironment(env));
            case CommandProvider.NAME -> new CommandProvider(sandbox, CommandSettings.fromEnvironment(env));
            case DemoProvider.NAME -> demo();
            default -> throw new ProviderUnavailableException("provider " + name + " does not exist: use "
                    + ProviderNames.listed());
        };
    }

    /**
     * Does ahead what every run's agent start would do first: probes the sandbox (once per runner) and
     * copies the demo agent's class files. For a runner waiting for its run; a problem found here is
     * found again, and reported, when the run starts its agent.
     */
    void prepare() {
        try {
            sandbox.check();
            demo().prepare();
        } catch (RuntimeException e) {
            // reported by the run that needs it
        }
    }

    private synchronized DemoProvider demo() {
        if (demo == null) {
            demo = new DemoProvider(sandbox);
        }
        return demo;
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
