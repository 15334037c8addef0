package chant.agent.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalBackendTest {

    @Test
    void runnersInheritEveryProvidersSettingsAndTheVariablesTheCommandAgentIsHanded() {
        List<String> plain = LocalBackend.inherited(null);
        assertTrue(plain.containsAll(List.of("CHANT_ANTHROPIC_API_KEY", "CHANT_OPENAI_BASE_URL", "CHANT_OPENAI_API_KEY",
                "CHANT_OPENAI_API_KEY_FILE", "CHANT_OPENAI_MODEL", "CHANT_OPENAI_STREAM", "CHANT_AGENT_COMMAND",
                "CHANT_AGENT_COMMAND_NETWORK", "CHANT_AGENT_COMMAND_ENV")), plain.toString());
        List<String> withCommandEnv = LocalBackend.inherited(" OPENROUTER_API_KEY, bad name,CHANT_RUNNER_RUN_ID,PATH ");
        assertEquals(plain.size() + 1, withCommandEnv.size(), withCommandEnv.toString());
        assertEquals("OPENROUTER_API_KEY", withCommandEnv.get(withCommandEnv.size() - 1));
    }

    /** A runner holds its run's token alone: never the service's credentials, whatever the command agent asks for. */
    @Test
    void runnersNeverInheritTheServicesCredentials() {
        List<String> names = LocalBackend.inherited("CHANT_AUTH_KEY_DIR,CHANT_AUTH_SERVICE_TOKEN_FILE,CHANT_RUN_TOKEN,X");
        assertEquals(LocalBackend.inherited("X"), names);
        assertTrue(names.stream().noneMatch(name -> name.startsWith("CHANT_AUTH_") || name.equals("CHANT_RUN_TOKEN")),
                names.toString());
    }
}
