package chant.agent.cleanup;

import chant.support.git.Git;
import chant.support.git.GitException;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import chant.agent.workspace.RepositoryCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds out what removing a kept checkout would lose. The checkout was an agent's, so nothing of
 * its repository runs outside the sandbox: uncommitted files are counted by {@code git status} in
 * the sandbox (status may run filters the repository configures), its head is read with
 * {@code rev-parse} only, and whether the head is on the remote is decided in the project's cached
 * clone, fetched from the remote first (which only the platform writes).
 */
final class CheckoutInspector {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private final Git git;
    private final Sandbox sandbox;
    private final Path workRoot;

    CheckoutInspector(Git git, Sandbox sandbox, Path workRoot) {
        this.git = git;
        this.sandbox = sandbox;
        this.workRoot = workRoot;
    }

    KeptCheckout inspect(String id, Path dir, String project, String specId, long runId, Instant keptAt) {
        long size = size(dir);
        String head = "";
        String branch = "";
        int uncommitted;
        int unpushed;
        StringBuilder problem = new StringBuilder();
        try {
            head = git.run(dir, "rev-parse", "--verify", "HEAD^{commit}");
            Git.Result symbolic = git.tryRun(dir, List.of("symbolic-ref", "--quiet", "--short", "HEAD"), LIMIT);
            branch = symbolic.exitCode() == 0 ? symbolic.output() : "";
        } catch (GitException e) {
            problem.append("no commit checked out: ").append(e.getMessage());
        }
        try {
            uncommitted = uncommitted(dir);
        } catch (IOException | RuntimeException e) {
            uncommitted = -1;
            append(problem, "uncommitted files could not be counted: " + e.getMessage());
        }
        if (head.isEmpty()) {
            unpushed = -1;
        } else if (project.isEmpty()) {
            unpushed = -1;
            append(problem, "its project is unknown, so its commits cannot be compared with the remote");
        } else {
            try {
                unpushed = unpushed(project, dir, id, head);
            } catch (RuntimeException e) {
                unpushed = -1;
                append(problem, "its commits could not be compared with the remote: " + e.getMessage());
            }
        }
        return new KeptCheckout(id, dir, project, specId, runId, keptAt, size, branch, head, uncommitted, unpushed,
                problem.toString());
    }

    private static void append(StringBuilder problem, String what) {
        if (problem.length() > 0) {
            problem.append("; ");
        }
        problem.append(what);
    }

    /** {@code git status --porcelain} in the sandbox: one line per changed, added or deleted file. */
    private int uncommitted(Path dir) throws IOException {
        SandboxSpec spec = SandboxSpec.forWorktree(dir).env("PATH", "/usr/local/bin:/usr/bin:/bin").env("LANG", "C.UTF-8")
                .dieWithParent(true).build();
        Process p = sandbox.processBuilder(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "-c",
                "core.fsmonitor=false", "status", "--porcelain", "--untracked-files=all")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("git status did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException("git status failed: " + output.strip());
        }
        return (int) output.lines().filter(line -> !line.isBlank()).count();
    }

    /**
     * Commits of {@code head} that no branch of the remote holds: counted in the project's cached clone
     * after fetching the remote, with the checkout's head fetched in when the clone lacks it.
     */
    private int unpushed(String project, Path dir, String id, String head) {
        RepositoryCache cache = new RepositoryCache(git, workRoot);
        Path repository = cache.repository(project);
        if (!Files.isDirectory(repository.resolve("objects"))) {
            throw new GitException("rev-list", -1, "no cached clone of project " + project + " in " + workRoot);
        }
        return cache.locked(project, () -> {
            git.run(repository, List.of("fetch", "--quiet", "--prune", "--no-tags", "origin", "+refs/heads/*:refs/heads/*"),
                    LIMIT);
            String ref = "refs/chant/inspect/" + id;
            boolean fetched = false;
            if (git.tryRun(repository, List.of("cat-file", "-e", head + "^{commit}"), LIMIT).exitCode() != 0) {
                git.run(repository, List.of("fetch", "--quiet", "--no-tags", dir.toString(), "+HEAD:" + ref), LIMIT);
                fetched = true;
            }
            try {
                return Integer.parseInt(git.run(repository, List.of("rev-list", "--count", head, "--not", "--branches"),
                        LIMIT).strip());
            } finally {
                if (fetched) {
                    git.tryRun(repository, List.of("update-ref", "-d", ref), LIMIT);
                }
            }
        });
    }

    /** Bytes of the files under {@code dir}; links are counted, never followed. */
    static long size(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.mapToLong(p -> {
                try {
                    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
