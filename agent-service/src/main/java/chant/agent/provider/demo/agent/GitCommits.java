package chant.agent.provider.demo.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Commits everything in the worktree with git, run as a process (argument lists, never a shell
 * string). Hooks and fsmonitor are off and signing is off, so no program of the repository runs;
 * the identity is {@link #NAME} / {@link #EMAIL} unless the environment names the author and
 * committer ({@code GIT_AUTHOR_NAME}, ... given by the task), which git prefers.
 */
final class GitCommits {

    static final String NAME = "chant demo agent";
    static final String EMAIL = "demo-agent@chant.invalid";
    private static final long GIT_SECONDS = 60;

    private final Path worktree;

    GitCommits(Path worktree) {
        this.worktree = worktree;
    }

    /**
     * {@code git add -A} and {@code git commit -m message}; returns the new commit's short ID.
     *
     * @throws DemoFailure when there is nothing to commit or git fails (with what git said)
     */
    String commitAll(String message, int line) throws DemoFailure {
        git(line, "add", "-A");
        if (run("diff", "--cached", "--quiet").exitCode() == 0) {
            throw DemoFailure.at(line, "nothing to commit: no file changed since the last commit");
        }
        git(line, "commit", "-q", "-m", message);
        return git(line, "rev-parse", "--short", "HEAD").strip();
    }

    private String git(int line, String... args) throws DemoFailure {
        Result result = run(args);
        if (result.exitCode() != 0) {
            String said = result.output().strip();
            throw DemoFailure.at(line, "git " + args[0] + " failed (exit code " + result.exitCode() + ")"
                    + (said.isEmpty() ? "" : ": " + DemoScript.abbreviate(said.replace('\n', ' '))));
        }
        return result.output();
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws DemoFailure {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=" + NAME, "-c", "user.email=" + EMAIL,
                "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(worktree.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(GIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DemoFailure("git " + args[0] + " did not finish within " + GIT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new DemoFailure("cannot run git (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted while git " + args[0] + " ran", e);
        }
    }
}
