package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The claims phase's options (issue 10). */
class ClaimsOptionsTest {

    @Test
    void claimsDefaultsQuickAndExplicitValues() {
        Options o = Options.parse(new String[] {"--phases", "claims"}, Map.of());
        assertEquals(Set.of(Options.Phase.CLAIMS), o.phases());
        assertEquals(2000, o.claims());
        assertEquals(8, o.claimers());
        assertNull(o.agentServer2());
        assertTrue(o.needsAgentService());
        assertEquals(300, Options.parse(new String[] {"--quick", "--phases=claims"}, Map.of()).claims());
        Options given = Options.parse(new String[] {"--phases", "claims", "--claims", "400", "--claimers=4",
                "--agent-server2", "localhost:8282"}, Map.of());
        assertEquals(400, given.claims());
        assertEquals(4, given.claimers());
        assertEquals("localhost:8282", given.agentServer2());
    }

    @Test
    void theSecondReplicaComesFromTheEnvironmentWhenNotGiven() {
        Options o = Options.parse(new String[] {"--phases", "claims"}, Map.of("CHANT_AGENT_SERVER2", "127.0.0.1:8292"));
        assertEquals("127.0.0.1:8292", o.agentServer2());
        assertNull(Options.parse(new String[0], Map.of("CHANT_AGENT_SERVER2", " ")).agentServer2());
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertEquals("--claims 4 is less than --claimers 8", assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "claims", "--claims", "4"}, Map.of())).getMessage());
        assertTrue(assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--claimers", "300"}, Map.of())).getMessage()
                .contains("more than this benchmark allows (256)"));
        assertTrue(assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--claimers", "0"}, Map.of())).getMessage()
                .contains("at least 1"));
        assertTrue(assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "claims,runs"}, Map.of())).getMessage()
                .contains("run claims on its own"));
    }
}
