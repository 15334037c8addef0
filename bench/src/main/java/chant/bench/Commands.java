package chant.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Processes the baselines start: argument lists, a time limit, the output, a clear error. */
final class Commands {

    static final long LIMIT_SECONDS = 120;

    private Commands() {
    }

    /** git with the same guards the platform uses for its own commands (no hooks, no global configuration). */
    static List<String> git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c",
                "core.fsmonitor=false", "-c", "user.name=bench", "-c", "user.email=bench@chant.invalid", "-c",
                "init.defaultBranch=main", "-C", dir.toString()));
        command.addAll(List.of(args));
        return command;
    }

    static String run(List<String> command) {
        return run(new ProcessBuilder(command));
    }

    /** Runs the process to its end (output and error together); a non-zero exit is a {@link BenchException}. */
    static String run(ProcessBuilder builder) {
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!builder.environment().containsKey("GIT_CONFIG_NOSYSTEM")) {
            builder.environment().putAll(Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
                    "GIT_TERMINAL_PROMPT", "0"));
        }
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException(String.join(" ", builder.command()) + " did not end within " + LIMIT_SECONDS
                        + " s");
            }
            if (p.exitValue() != 0) {
                throw new BenchException(String.join(" ", builder.command()) + " failed (exit " + p.exitValue() + "): "
                        + output.strip());
            }
            return output.strip();
        } catch (IOException e) {
            throw new BenchException(String.join(" ", builder.command()) + " could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }
}
