package chant.merge.testing;

import chant.support.git.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A project's remote as the merge tests need it: a bare repository, and a clone in which the test
 * writes commits on branches and pushes them, as agents and people would.
 */
public final class Remote {

    private final Git git = Git.onPath();
    private final Path bare;
    private final Path clone;

    public Remote(Path root) {
        this.bare = root.resolve("remote.git");
        this.clone = root.resolve("people");
        try {
            Files.createDirectories(bare);
            Files.createDirectories(clone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git.run(bare, "init", "-q", "--bare", "-b", "main");
        git.run(clone, "init", "-q", "-b", "main");
        git.run(clone, "remote", "add", "origin", bare.toString());
        commit("README.md", "kv store\n", "initial");
        git.run(clone, "push", "-q", "origin", "main");
    }

    public String url() {
        return bare.toString();
    }

    /** Switches the clone to {@code branch}, created from {@code from} when it does not exist. */
    public Remote on(String branch, String from) {
        if (git.tryRun(clone, java.util.List.of("rev-parse", "--verify", "--quiet", "refs/heads/" + branch),
                java.time.Duration.ofMinutes(1)).exitCode() == 0) {
            git.run(clone, "checkout", "-q", branch);
        } else {
            git.run(clone, "checkout", "-q", "-b", branch, from);
        }
        return this;
    }

    /** Switches the clone to {@code branch}, made anew from {@code from} (what a rebase leaves, before its commits). */
    public Remote anew(String branch, String from) {
        git.run(clone, "checkout", "-q", "-B", branch, from);
        return this;
    }

    /** Pushes the current branch to the remote, replacing what it had there (a rebased branch). */
    public Remote forcePush() {
        git.run(clone, "push", "-q", "--force", "origin", "HEAD");
        return this;
    }

    /** Writes a file and commits it on the current branch. */
    public Remote commit(String path, String content, String message) {
        try {
            Path file = clone.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git.run(clone, "add", path);
        git.run(clone, "commit", "-q", "-m", message);
        return this;
    }

    /** Pushes the current branch to the remote. */
    public Remote push() {
        git.run(clone, "push", "-q", "origin", "HEAD");
        return this;
    }

    public String head() {
        return git.run(clone, "rev-parse", "HEAD");
    }

    /** The remote's branch now (empty when it has none). */
    public String branch(String name) {
        Git.Result r = git.tryRun(bare, java.util.List.of("rev-parse", "--verify", "--quiet", "refs/heads/" + name),
                java.time.Duration.ofMinutes(1));
        return r.exitCode() == 0 ? r.output() : "";
    }

    /** git in the remote (reading its history). */
    public String inRemote(String... args) {
        return git.run(bare, args);
    }
}
