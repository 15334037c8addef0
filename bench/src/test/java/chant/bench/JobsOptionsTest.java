package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The jobs phase's options (issue 10): runs to Jobs through a mock Kubernetes API. */
class JobsOptionsTest {

    @Test
    void jobsDefaultsQuickExplicitValuesAndTheEnvironment() {
        Options o = Options.parse(new String[] {"--phases", "jobs"}, Map.of());
        assertEquals(Set.of(Options.Phase.JOBS), o.phases());
        assertEquals(200, o.jobs());
        assertEquals(8, o.jobConcurrency());
        assertNull(o.kubeServer());
        assertTrue(o.needsAgentService());
        assertEquals(40, Options.parse(new String[] {"--quick", "--phases=jobs"}, Map.of()).jobs());
        Options given = Options.parse(new String[] {"--phases", "jobs", "--jobs", "50", "--job-concurrency=4",
                "--kube-server", "http://127.0.0.1:8482"}, Map.of());
        assertEquals(50, given.jobs());
        assertEquals(4, given.jobConcurrency());
        assertEquals("http://127.0.0.1:8482", given.kubeServer());
        assertEquals("http://localhost:9000", Options.parse(new String[] {"--phases", "jobs"},
                Map.of("CHANT_KUBE_SERVER", "http://localhost:9000")).kubeServer());
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertEquals("--jobs 4 is less than --job-concurrency 8", assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "jobs", "--jobs", "4"}, Map.of())).getMessage());
        assertTrue(assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "jobs,claims"}, Map.of())).getMessage()
                .contains("run jobs on its own"));
        assertTrue(assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "jobs"}, Map.of()).requireLoopback()).getMessage()
                .contains("set --kube-server (or CHANT_KUBE_SERVER)"));
        assertTrue(assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "jobs", "--kube-server", "http://10.1.2.3:80"}, Map.of())
                        .requireLoopback()).getMessage()
                .contains("--kube-server: 10.1.2.3 is not this machine"));
    }
}
