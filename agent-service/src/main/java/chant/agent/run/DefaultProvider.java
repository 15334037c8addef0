package chant.agent.run;

import chant.agent.provider.ProviderNames;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The provider of a run whose request names none: {@code chant.agent.default-provider} when set,
 * else {@code claude} when its API key is configured, else {@code openai} when its endpoint and key
 * are, else the demo agent, said loudly at start-up
 * (a machine without a model still runs whole workflows, and nobody mistakes them for a model's).
 */
@Startup
@ApplicationScoped
public class DefaultProvider {

    private static final Logger LOG = Logger.getLogger(DefaultProvider.class);

    static final String CLAUDE = ProviderNames.CLAUDE;
    static final String OPENAI = ProviderNames.OPENAI;
    static final String DEMO = ProviderNames.DEMO;

    @ConfigProperty(name = "chant.agent.default-provider")
    Optional<String> configured;

    @ConfigProperty(name = "chant.agent.claude.api-key")
    Optional<String> claudeKey;

    @ConfigProperty(name = "chant.agent.claude.api-key-file")
    Optional<String> claudeKeyFile;

    @ConfigProperty(name = "chant.agent.openai.base-url")
    Optional<String> openaiUrl;

    @ConfigProperty(name = "chant.agent.openai.api-key")
    Optional<String> openaiKey;

    @ConfigProperty(name = "chant.agent.openai.api-key-file")
    Optional<String> openaiKeyFile;

    private String name;

    @PostConstruct
    void choose() {
        name = choose(configured, claudeKey.isPresent() || claudeKeyFile.isPresent(),
                openaiUrl.isPresent() && (openaiKey.isPresent() || openaiKeyFile.isPresent()));
        if (name.equals(DEMO) && configured.filter(c -> !c.isBlank()).isEmpty()) {
            LOG.warn("No model provider is configured (CHANT_ANTHROPIC_API_KEY, CHANT_OPENAI_BASE_URL with"
                    + " CHANT_OPENAI_API_KEY, or CHANT_AGENT_PROVIDER): runs that"
                    + " name no provider use the DEMO AGENT, which carries out the chant-demo instructions of a spec"
                    + " and asks no model");
        } else {
            LOG.infof("runs that name no provider use %s", name);
        }
    }

    static String choose(Optional<String> configured, boolean claudeKeyConfigured, boolean openaiConfigured) {
        return configured.filter(c -> !c.isBlank()).map(String::strip)
                .orElse(claudeKeyConfigured ? CLAUDE : openaiConfigured ? OPENAI : DEMO);
    }

    public String name() {
        return name;
    }
}
