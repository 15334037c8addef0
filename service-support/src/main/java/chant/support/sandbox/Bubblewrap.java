package chant.support.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code bwrap} program of this machine, checked once: found on the PATH and able to run a
 * command as an unprivileged user in its own namespaces (a probe like {@code bwrap --ro-bind / / true}).
 */
public final class Bubblewrap {

    static final String INSTALL_HINT = "install it with `apt-get install bubblewrap` (scripts/test does), or set "
            + "chant.agent.sandbox.unsandboxed=true (CHANT_AGENT_UNSANDBOXED=true) to run agents, or "
            + "chant.merge.sandbox.unsandboxed=true (CHANT_MERGE_UNSANDBOXED=true) to run merge-service's verify commands, "
            + "without a sandbox on this machine, with access to everything the service can read and write";
    private static final long PROBE_SECONDS = 30;

    private final Optional<Path> executable;
    private volatile String problem;
    private volatile boolean probed;

    private Bubblewrap(Optional<Path> executable) {
        this.executable = executable;
    }

    /** {@code bwrap} as found on this process's PATH. */
    public static Bubblewrap onPath() {
        return new Bubblewrap(findOnPath("bwrap", System.getenv("PATH")));
    }

    /** A given {@code bwrap} executable. */
    public static Bubblewrap at(Path executable) {
        return new Bubblewrap(Optional.of(executable));
    }

    static Optional<Path> findOnPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The executable, after checking (once) that it works. */
    public Path executable() {
        check();
        return executable.orElseThrow();
    }

    /** Whether bwrap is installed and works here (probed once). */
    public boolean works() {
        return problem().isEmpty();
    }

    /** Why bwrap cannot be used here, with how to fix it; empty when it works. */
    public Optional<String> problem() {
        if (!probed) {
            synchronized (this) {
                if (!probed) {
                    problem = probe();
                    probed = true;
                }
            }
        }
        return Optional.ofNullable(problem);
    }

    /** Throws {@link SandboxUnavailableException} with how to fix it unless bwrap works here. */
    public void check() {
        Optional<String> why = problem();
        if (why.isPresent()) {
            throw new SandboxUnavailableException(why.get());
        }
    }

    private String probe() {
        if (executable.isEmpty()) {
            return "bubblewrap (bwrap) is not installed, so agents and verify commands cannot run in a sandbox: " + INSTALL_HINT;
        }
        List<String> command = List.of(executable.get().toString(), "--unshare-user", "--uid", "1000", "--gid", "1000",
                "--ro-bind", "/", "/", "--", "true");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> environment = builder.environment();
            environment.clear();
            Process process = builder.start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "bubblewrap (" + executable.get() + ") did not finish a trial run within " + PROBE_SECONDS + " s: "
                        + INSTALL_HINT;
            }
            if (process.exitValue() != 0) {
                return "bubblewrap (" + executable.get() + ") does not work here (exit code " + process.exitValue() + ": "
                        + output + "); it needs user namespaces (as root, or with kernel.unprivileged_userns_clone=1): "
                        + INSTALL_HINT;
            }
            return null;
        } catch (IOException e) {
            return "bubblewrap (" + executable.get() + ") cannot be started (" + e.getMessage() + "): " + INSTALL_HINT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking bubblewrap";
        }
    }
}
