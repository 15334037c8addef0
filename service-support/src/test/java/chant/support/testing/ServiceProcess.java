package chant.support.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A packaged service ({@code <module>/target/quarkus-app}) run as a real process on a free port
 * against the test database, for tests that drive it from outside: the CLI end to end, crash
 * tests ({@link #kill()}, then {@link #start()} again on the same port).
 */
public final class ServiceProcess implements BeforeAllCallback, AfterAllCallback {

    /**
     * The key directory of the test issuer, relative to the module under test: the services started
     * here verify its tokens. Defined here, not in {@link TestTokens}, so that starting a service needs
     * no JWT library on the test's class path (the CLI's tests mint in a separate process).
     */
    public static final Path TEST_AUTH_KEYS = Path.of("target", "test-auth-keys");

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final String module;
    private final String portVariable;
    private final Map<String, java.util.function.Supplier<String>> environment = new java.util.LinkedHashMap<>();
    private Process process;
    private int port;
    private Path log;

    /**
     * @param module       the service's Maven module directory, beside the module running the test
     * @param portVariable the environment variable that sets the service's port
     */
    public ServiceProcess(String module, String portVariable) {
        this.module = module;
        this.portVariable = portVariable;
    }

    /** An extra environment variable for the service (set before it starts). */
    public ServiceProcess with(String name, String value) {
        environment.put(name, () -> value);
        return this;
    }

    /** An environment variable whose value is known only when the service starts (another service's address). */
    public ServiceProcess with(String name, java.util.function.Supplier<String> value) {
        environment.put(name, value);
        return this;
    }

    public String address() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        port = freePort();
        log = Files.createTempFile(module + "-", ".log");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** Starts the service (again) on its port and waits until it is ready. */
    public void start() throws Exception {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build " + module + " first (scripts/test builds every module in order)");
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(portVariable, String.valueOf(port));
        builder.environment().put("CHANT_HTTP_HOST", "127.0.0.1");
        builder.environment().putIfAbsent("CHANT_DB_URL", System.getenv().getOrDefault("CHANT_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/chant_test"));
        // Every service of a test verifies the tokens of the test issuer (TestTokens.shared()).
        builder.environment().put("CHANT_AUTH_KEY_DIR", TEST_AUTH_KEYS.toAbsolutePath().toString());
        environment.forEach((name, value) -> builder.environment().put(name, value.get()));
        process = builder.start();
        awaitReady();
    }

    /** Ends the service the way a crash would: SIGKILL, no shutdown hooks. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The process ID of the running service (what it names itself by in leases: {@code <pid>@<host>}). */
    public long pid() {
        return process.pid();
    }

    /** Whether the service's process is running. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Sends SIGTERM (a pod being stopped) and waits at most {@code bound} for the process to exit;
     * true when it did. A process still running then is left running (stop or kill it after).
     */
    public boolean terminate(java.time.Duration bound) throws InterruptedException {
        process.destroy();
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the service gracefully (SIGTERM), SIGKILL after 20 s. */
    public void stop() throws InterruptedException {
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
                throw new IllegalStateException(module + " exited while starting:\n" + Files.readString(log));
            }
            if (ready()) {
                return;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(module + " was not ready within " + STARTUP + ":\n" + Files.readString(log));
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
