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
import chant.agent.sandbox.Sandbox;
import java.util.Map;
import java.util.Optional;

/** The providers a runner can start, configured from its environment (the same variables as the service's). */
final class Providers {

    private final Sandbox sandbox;
    private final Map<String, String> env;

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
            case DemoProvider.NAME -> new DemoProvider(sandbox);
            default -> throw new ProviderUnavailableException("provider " + name + " does not exist: use "
                    + ProviderNames.listed());
        };
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
