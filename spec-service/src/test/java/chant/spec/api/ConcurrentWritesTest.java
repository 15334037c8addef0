package chant.spec.api;

import chant.v1.Spec;
import chant.v1.SpecType;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seeds' bug report, lost concurrent writes, must never be ours. */
@QuarkusTest
class ConcurrentWritesTest extends ApiTestBase {

    private static final int LOCAL_WRITERS = 12;
    private static final int REMOTE_WRITERS = 4;
    private static final int WRITES_EACH = 5;

    @Test
    void sixteenWritersInTwoProcessesNeverLoseAnUpdate() throws Exception {
        String project = newProject();
        Spec spec = create(project, "Contended spec");
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);

        Process remote = startRemoteWriters(port, project, spec.getId());
        List<String> accepted = new ArrayList<>(LabelWriter.runAll(specs, project, spec.getId(), LOCAL_WRITERS,
                WRITES_EACH, "local"));
        accepted.addAll(readAccepted(remote));

        Spec after = get(project, spec.getId());
        assertEquals(Set.copyOf(accepted), Set.copyOf(after.getLabelsList()),
                "every accepted write is visible, and nothing else is");
        assertEquals(accepted.size(), after.getLabelsCount(), "no label was written twice");
        assertEquals(spec.getVersion() + accepted.size(), after.getVersion(), "one version per accepted write");
        assertEquals((LOCAL_WRITERS + REMOTE_WRITERS) * WRITES_EACH, accepted.size(),
                "with retries on ABORTED every writer eventually succeeds");
    }

    @Test
    void concurrentCreatesNeverShareAnId() throws Exception {
        String project = newProject();
        List<String> ids = Parallel.run(8, 25, i -> create(project, "Spec " + i).getId());

        assertEquals(200, new HashSet<>(ids).size(), "200 creates, 200 distinct IDs");
        Set<String> sequences = new HashSet<>();
        ids.forEach(id -> sequences.add(id.substring(11, 14)));
        assertEquals(200, sequences.size(), "each create got its own sequence number");
    }

    @Test
    void concurrentMemberCreatesGetDistinctNumbers() throws Exception {
        String project = newProject();
        Spec driver = create(project, "Driver", r -> r.setType(SpecType.SPEC_TYPE_DRIVER));

        List<String> ids = Parallel.run(8, 5, i -> create(project, "Member " + i, r -> r.setDriver(driver.getId())).getId());

        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= 40; n++) {
            expected.add(driver.getId() + "." + n);
        }
        assertEquals(expected, new HashSet<>(ids));
    }

    private Process startRemoteWriters(int port, String project, String specId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RemoteWriter.class.getName(),
                String.valueOf(port), project, specId, String.valueOf(REMOTE_WRITERS), String.valueOf(WRITES_EACH),
                "remote")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static List<String> readAccepted(Process remote) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(remote.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("remote")) {
                    lines.add(line);
                }
            }
        }
        assertTrue(remote.waitFor(2, TimeUnit.MINUTES), "the second process finished");
        assertEquals(0, remote.exitValue(), "the second process succeeded");
        return lines;
    }
}
