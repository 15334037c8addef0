package chant.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/services in a copy of the repository's scripts whose only "built" service is
 * agent-service, a {@link FakeService} jar: the table of services, skipping what is not built,
 * one service by name, and the bounded heap.
 */
class ServicesScriptTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void copyScriptsAndBuildAFakeAgentService() throws IOException {
        Files.createDirectories(root.resolve("scripts/lib"));
        Files.copy(REPOSITORY.resolve("scripts/services"), root.resolve("scripts/services"));
        Files.copy(REPOSITORY.resolve("scripts/lib/common.sh"), root.resolve("scripts/lib/common.sh"));
        Files.copy(REPOSITORY.resolve("scripts/lib/postgres.sh"), root.resolve("scripts/lib/postgres.sh"));
        Path jar = Files.createDirectories(root.resolve("agent-service/target/quarkus-app")).resolve("quarkus-run.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Path.of("target", "test-classes").toAbsolutePath().toUri().toString());
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        env.put("CHANT_RUN_DIR", root.resolve("run").toString());
        // The stand-in service needs no database: scripts/services uses the one named here as it is.
        env.put("CHANT_DB_URL", System.getenv().getOrDefault("CHANT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/chant_test"));
        env.put("CHANT_AGENT_PORT", Integer.toString(freePort()));
        env.put("CHANT_SERVICE_JAVA_OPTS", "-Xmx48m -XX:TieredStopAtLevel=1");
    }

    @AfterEach
    void stopWhatTheTestStarted() throws IOException, InterruptedException {
        services("stop");
        Path pidFile = root.resolve("run/agent-service.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exitCode, List<String> out, String err) {
    }

    private Result services(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/services").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("CHANT_SERVICE_JAVA_OPTS");
        builder.environment().putAll(env);
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/services " + String.join(" ", args) + " did not finish within 90 s");
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    @Test
    void statusListsEveryKnownService() throws IOException, InterruptedException {
        Result status = services("status");

        assertEquals(0, status.exitCode(), status.err());
        assertEquals(List.of("spec-service   not built", "agent-service  stopped", "merge-service  not built"), status.out());
    }

    @Test
    void startStartsWhatIsBuiltAndSkipsTheRestWithANote() throws IOException, InterruptedException {
        Result start = services("start");

        assertEquals(0, start.exitCode(), start.out() + start.err());
        assertEquals(3, start.out().size(), start.out().toString());
        assertEquals("spec-service: not built yet (no spec-service/target/quarkus-app/quarkus-run.jar), skipped",
                start.out().get(0));
        assertTrue(start.out().get(1).startsWith("agent-service ready on port " + env.get("CHANT_AGENT_PORT")),
                start.out().toString());
        assertEquals("merge-service: not built yet (no merge-service/target/quarkus-app/quarkus-run.jar), skipped",
                start.out().get(2));

        Result status = services("status", "agent-service");
        assertEquals(1, status.out().size(), status.out().toString());
        assertTrue(status.out().get(0).matches("agent-service +running +pid \\d+ +port " + env.get("CHANT_AGENT_PORT")
                + " +ready"), status.out().toString());

        Result logs = services("logs", "agent-service");
        assertTrue(logs.out().contains("agent-service jvm options: -Xmx48m -XX:TieredStopAtLevel=1"), logs.out().toString());

        Result stop = services("stop", "agent-service");
        assertEquals(List.of("agent-service stopped"), stop.out());
        assertEquals(List.of("agent-service  stopped"), services("status", "agent-service").out());
    }

    @Test
    void theDefaultHeapIsBounded() throws IOException, InterruptedException {
        env.remove("CHANT_SERVICE_JAVA_OPTS");

        assertEquals(0, services("start", "agent-service").exitCode());

        assertTrue(services("logs", "agent-service").out()
                .contains("agent-service jvm options: -Xmx160m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:TieredStopAtLevel=1"));
    }

    @Test
    void oneServiceByNameAndAnUnknownName() throws IOException, InterruptedException {
        Result notBuilt = services("start", "merge-service");
        Result unknown = services("start", "billing-service");

        assertEquals(0, notBuilt.exitCode());
        assertEquals(List.of("merge-service: not built yet (no merge-service/target/quarkus-app/quarkus-run.jar), skipped"),
                notBuilt.out());
        assertFalse(Files.exists(root.resolve("run/agent-service.pid")), "only the named service is started");
        assertEquals(2, unknown.exitCode());
        assertEquals("scripts/services: unknown service 'billing-service' (known: spec-service agent-service "
                + "merge-service)\n", unknown.err());
    }
}
