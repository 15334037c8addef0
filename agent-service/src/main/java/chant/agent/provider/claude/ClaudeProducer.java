package chant.agent.provider.claude;

import chant.support.sandbox.Sandbox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's {@link ClaudeProvider}, configured by {@code chant.agent.claude.*} (checked when a run starts). */
public class ClaudeProducer {

    @Produces
    @Singleton
    ClaudeProvider claude(Sandbox sandbox,
            @ConfigProperty(name = "chant.agent.claude.cli", defaultValue = ClaudeSettings.DEFAULT_CLI) String cli,
            @ConfigProperty(name = "chant.agent.claude.base-url") Optional<String> baseUrl,
            @ConfigProperty(name = "chant.agent.claude.api-key") Optional<String> apiKey,
            @ConfigProperty(name = "chant.agent.claude.api-key-file") Optional<String> apiKeyFile) {
        return new ClaudeProvider(sandbox, ClaudeSettings.of(cli, baseUrl, apiKey, apiKeyFile));
    }
}
