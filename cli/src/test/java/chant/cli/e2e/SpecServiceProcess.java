package chant.cli.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the packaged spec-service (spec-service/target/quarkus-app) as a real process on a free
 * port against the test database, for tests that drive the CLI end to end.
 */
public final class SpecServiceProcess implements BeforeAllCallback, AfterAllCallback {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private Process process;
    private int port;
    private Path log;

    public String address() {
        return "localhost:" + port;
    }

    public Path log() {
        return log;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path jar = Path.of("..", "spec-service", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build spec-service first (scripts/test builds everything in order)");
        }
        port = freePort();
        log = Files.createTempFile("spec-service-e2e", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CHANT_SPEC_PORT", String.valueOf(port));
        builder.environment().put("CHANT_HTTP_HOST", "127.0.0.1");
        builder.environment().putIfAbsent("CHANT_DB_URL", System.getenv().getOrDefault("CHANT_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/chant_test"));
        process = builder.start();
        awaitReady();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("spec-service exited while starting:\n" + Files.readString(log));
            }
            if (ready()) {
                return;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("spec-service was not ready within " + STARTUP + ":\n" + Files.readString(log));
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
