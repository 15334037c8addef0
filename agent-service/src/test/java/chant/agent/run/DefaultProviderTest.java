package chant.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultProviderTest {

    @Test
    void theConfiguredOneElseClaudeWithAKeyElseTheDemoAgent() {
        assertEquals("openai", DefaultProvider.choose(Optional.of("openai"), true));
        assertEquals("claude", DefaultProvider.choose(Optional.empty(), true));
        assertEquals("claude", DefaultProvider.choose(Optional.of(" "), true));
        assertEquals("demo", DefaultProvider.choose(Optional.empty(), false));
    }
}
