package chant.agent.workspace;

import chant.support.git.Git;
import chant.support.git.GitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files of one branch of a project's repository, checked out to read for a moment (a dry run
 * renders a run's prompt from them) and removed on {@link #close()}: a clone of the cached clone
 * that shares its objects, detached at the branch, under {@code <work-root>/previews/}. A checkout
 * on disk, not {@code git show}, so that the prompt's files are read by the very code and rules a
 * run uses (paths inside the repository only, symlinks resolved by the file system). Nothing of the
 * repository runs: git's configuration is the platform's (no hooks, no filters), and the snapshot
 * is only read. A snapshot left behind by a killed service is removed by a later one after an hour.
 */
public final class BranchSnapshot implements AutoCloseable {

    static final Duration STALE = Duration.ofHours(1);

    private final Path dir;
    private final String branch;
    private final String commit;

    private BranchSnapshot(Path dir, String branch, String commit) {
        this.dir = dir;
        this.branch = branch;
        this.commit = commit;
    }

    /**
     * Refreshes the project's cached clone and checks out {@code preferredBranch} when the remote has
     * it, else {@code defaultBranch}.
     *
     * @throws GitException when the repository cannot be reached
     * @throws MissingBranchException when it has neither branch
     */
    public static BranchSnapshot of(Git git, RepositoryCache cache, Path workRoot, String project, String remoteUrl,
            String preferredBranch, String defaultBranch) {
        Path repository = cache.refresh(project, remoteUrl);
        String start = RepositoryCache.hasBranch(git, repository, preferredBranch) ? preferredBranch : defaultBranch;
        Path previews = workRoot.resolve("previews");
        removeStale(previews);
        Path dir = previews.resolve(RepositoryCache.checkedName(project) + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(previews);
            cache.locked(project, () -> git.run(previews, "clone", "--quiet", "--shared", "--no-checkout", "--",
                    repository.toString(), dir.toString()));
            try {
                git.run(dir, "checkout", "--quiet", "--detach", "refs/remotes/origin/" + start);
            } catch (GitException e) {
                throw new MissingBranchException("the branch " + start + " is not on the remote " + remoteUrl
                        + ": push it, or set the project's default_branch to one it has");
            }
            return new BranchSnapshot(dir, start, git.run(dir, "rev-parse", "HEAD"));
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("could not make " + previews, e);
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The branch to read is not on the remote (the repository was reached). */
    public static final class MissingBranchException extends RuntimeException {

        MissingBranchException(String message) {
            super(message);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The branch checked out. */
    public String branch() {
        return branch;
    }

    public String commit() {
        return commit;
    }

    /** Writes {@code text} to {@code relativePath} in the snapshot (a run's checkout has its spec file there too). */
    public void write(String relativePath, String text) {
        Path file = dir.resolve(relativePath).normalize();
        if (!file.startsWith(dir)) {
            throw new IllegalArgumentException(relativePath + " is not inside the snapshot");
        }
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static void removeStale(Path previews) {
        if (!Files.isDirectory(previews)) {
            return;
        }
        Instant before = Instant.now().minus(STALE);
        try (Stream<Path> dirs = Files.list(previews)) {
            dirs.filter(d -> {
                try {
                    return Files.getLastModifiedTime(d).toInstant().isBefore(before);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(BranchSnapshot::delete);
        } catch (IOException e) {
            // another service removes them at the same time: nothing to do
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the stale sweep
                }
            });
        } catch (IOException e) {
            // left for the stale sweep
        }
    }
}
