package chant.support.paging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services' {@link PageTokens}, keyed by {@code chant.page-token-key} (every replica of a
 * service must use the same key; the default suits a single machine).
 */
@ApplicationScoped
public class PageTokenKey {

    @ConfigProperty(name = "chant.page-token-key", defaultValue = "chant-page-tokens-local-default")
    String key;

    @Produces
    @ApplicationScoped
    PageTokens pageTokens() {
        return new PageTokens(key.getBytes(StandardCharsets.UTF_8));
    }
}
