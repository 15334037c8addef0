package chant.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** git on this machine for tests: argument lists, a fixed identity, output or an error with git's message. */
final class LocalGit {

    private LocalGit() {
    }

    /**
     * A bare repository at {@code <dir>/<name>.git} with one commit on {@code main} (a README), made
     * through a throw-away clone, as a project's remote.
     */
    static Path bareRemote(Path dir, String name) throws IOException, InterruptedException {
        Path remote = dir.resolve(name + ".git");
        Path seed = dir.resolve(name + "-seed");
        run(dir, "init", "--quiet", "--bare", "--initial-branch=main", remote.toString());
        run(dir, "init", "--quiet", "--initial-branch=main", seed.toString());
        Files.writeString(seed.resolve("README.md"), "# " + name + "\n");
        run(seed, "add", "-A");
        run(seed, "commit", "--quiet", "-m", "initial commit");
        run(seed, "push", "--quiet", remote.toString(), "main");
        return remote;
    }

    /** Runs git in {@code dir}; returns its standard output, or throws with its exit code and error output. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        Result result = tryRun(dir, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " in " + dir + " failed (exit code "
                    + result.exitCode() + "): " + result.error());
        }
        return result.output();
    }

    record Result(int exitCode, String output, String error) {
    }

    static Result tryRun(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=system test",
                "-c", "user.email=system-test@chant.invalid", "-c", "commit.gpgsign=false", "-C", dir.toString()));
        command.addAll(List.of(args));
        Path error = Files.createTempFile("git-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(error.toFile()).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("git " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), output, Files.readString(error).strip());
        } finally {
            Files.deleteIfExists(error);
        }
    }
}
