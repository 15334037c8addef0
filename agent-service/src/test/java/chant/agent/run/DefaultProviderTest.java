package chant.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultProviderTest {

    @Test
    void theConfiguredOneElseClaudeWithAKeyElseOpenAiWithAnEndpointElseTheDemoAgent() {
        assertEquals("openai", DefaultProvider.choose(Optional.of("openai"), true, false));
        assertEquals("command", DefaultProvider.choose(Optional.of("command"), true, true));
        assertEquals("claude", DefaultProvider.choose(Optional.empty(), true, true));
        assertEquals("claude", DefaultProvider.choose(Optional.of(" "), true, false));
        assertEquals("openai", DefaultProvider.choose(Optional.empty(), false, true));
        assertEquals("demo", DefaultProvider.choose(Optional.empty(), false, false));
    }
}
