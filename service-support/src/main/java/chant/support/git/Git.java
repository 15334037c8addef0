package chant.support.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * git on this machine, as argument lists (never a shell string), with a configuration that an
 * agent's repository cannot turn against the host: no system or global configuration, hooks and
 * fsmonitor off, no terminal prompts, the ext transport refused, and a fixed identity. Every
 * command has a time limit; a failure carries git's own message.
 */
public final class Git {

    /** Who the platform's own commits and pushes are by. */
    public static final String USER_NAME = "chant";
    public static final String USER_EMAIL = "chant@localhost";

    static final Duration DEFAULT_LIMIT = Duration.ofMinutes(10);

    private static final List<String> SAFE_CONFIG = List.of(
            "-c", "core.hooksPath=/dev/null",
            "-c", "core.fsmonitor=false",
            "-c", "protocol.ext.allow=never",
            "-c", "user.name=" + USER_NAME,
            "-c", "user.email=" + USER_EMAIL,
            "-c", "advice.detachedHead=false",
            "-c", "init.defaultBranch=main");

    private final String executable;
    private final Map<String, String> environment;

    private Git(String executable, Map<String, String> environment) {
        this.executable = executable;
        this.environment = Map.copyOf(environment);
    }

    /** git from the PATH, with the variables that keep it from reading anything but the repository. */
    public static Git onPath() {
        return new Git("git", Map.of(
                "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_CONFIG_GLOBAL", "/dev/null",
                "GIT_TERMINAL_PROMPT", "0",
                "GIT_ASKPASS", "/bin/false",
                "LC_ALL", "C"));
    }

    /**
     * This git with one more environment variable, for plumbing that is steered by one (such as
     * {@code GIT_INDEX_FILE}, a temporary index that leaves the repository's own untouched).
     */
    public Git withEnvironment(String name, String value) {
        return withEnvironment(Map.of(name, value));
    }

    /**
     * This git with more environment variables for its commands (set after the inherited {@code GIT_*}
     * ones are cleared, so they reach git): for instance {@code GIT_ALTERNATE_OBJECT_DIRECTORIES}, to
     * read objects from another repository for one command without recording it in the repository.
     */
    public Git withEnvironment(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(more);
        return new Git(executable, merged);
    }

    /** The full argument list for {@code git -C dir args...}: what is run, for logs and tests. */
    public List<String> command(Path dir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(SAFE_CONFIG);
        command.add("-C");
        command.add(dir.toString());
        command.addAll(args);
        return command;
    }

    /** Runs git in {@code dir}; returns its standard output (trimmed at the end) or throws with its error. */
    public String run(Path dir, String... args) {
        return run(dir, List.of(args), DEFAULT_LIMIT);
    }

    public String run(Path dir, List<String> args, Duration limit) {
        Result result = tryRun(dir, args, limit);
        if (result.exitCode() != 0) {
            throw new GitException(String.join(" ", args), result.exitCode(), result.error());
        }
        return result.output();
    }

    /** Runs git and returns how it ended, failed or not. */
    public Result tryRun(Path dir, List<String> args, Duration limit) {
        ProcessBuilder builder = new ProcessBuilder(command(dir, args));
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GitException(String.join(" ", args), -1, "git could not be started: " + e.getMessage());
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new GitException(String.join(" ", args), -1, "git did not finish within " + limit.toSeconds() + " s");
            }
            return new Result(process.exitValue(), out.get().stripTrailing(), err.get().strip());
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitException(String.join(" ", args), -1, "interrupted");
        } catch (ExecutionException e) {
            throw new GitException(String.join(" ", args), -1, "reading git's output failed: " + e.getCause());
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a git command ended. */
    public record Result(int exitCode, String output, String error) {
    }
}
