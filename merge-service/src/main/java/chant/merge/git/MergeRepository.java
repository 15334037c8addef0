package chant.merge.git;

import chant.support.git.Git;
import chant.support.git.GitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A project's repository as merge-service works it: a bare repository that fetches the remote's
 * branches into {@code refs/remotes/origin/*}, makes merge commits as loose objects (no ref, no
 * worktree), and moves a branch on the remote only by compare-and-swap on its old value. One queue
 * works one of these at a time (its lease says which process), so nothing here locks.
 */
public final class MergeRepository {

    static final Duration LIMIT = Duration.ofMinutes(10);

    private final Git git;
    private final Path dir;

    private MergeRepository(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    /** The repository at {@code dir}, created (bare, with {@code remoteUrl} as origin) when it is not there yet. */
    public static MergeRepository open(Git git, Path dir, String remoteUrl) {
        if (remoteUrl.isBlank() || remoteUrl.startsWith("-")) {
            throw new IllegalArgumentException("not a repository URL: '" + remoteUrl + "'");
        }
        if (!Files.isRegularFile(dir.resolve("HEAD"))) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
            git.run(dir, "init", "-q", "--bare");
            git.run(dir, "remote", "add", "origin", remoteUrl);
        } else if (!git.run(dir, "remote", "get-url", "origin").equals(remoteUrl)) {
            git.run(dir, "remote", "set-url", "origin", remoteUrl);
        }
        return new MergeRepository(git, dir);
    }

    public Path dir() {
        return dir;
    }

    /** Brings every branch of the remote into {@code refs/remotes/origin/*}, dropping those deleted there. */
    public void fetch() {
        git.run(dir, List.of("fetch", "-q", "--prune", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*"),
                LIMIT);
    }

    /**
     * Brings only the remote's {@code target} and {@code branch} into {@code refs/remotes/origin/*}:
     * what merging one spec needs, without listing and pruning every branch of the remote. When
     * either is not on the remote (a fetch of a missing ref fails) it falls back to {@link #fetch()},
     * which drops the tracking ref of a branch deleted there, so that {@link #remoteHead} then says so.
     */
    public void fetch(String target, String branch) {
        Git.Result result = git.tryRun(dir, List.of("fetch", "-q", "--no-tags", "origin",
                "+refs/heads/" + target + ":refs/remotes/origin/" + target,
                "+refs/heads/" + branch + ":refs/remotes/origin/" + branch), LIMIT);
        if (result.exitCode() != 0) {
            fetch();
        }
    }

    /** The commit the remote's branch pointed at when last fetched; empty when it has no such branch. */
    public Optional<String> remoteHead(String branch) {
        Git.Result result = git.tryRun(dir, List.of("rev-parse", "--verify", "--quiet",
                "refs/remotes/origin/" + branch + "^{commit}"), LIMIT);
        return result.exitCode() == 0 ? Optional.of(result.output()) : Optional.empty();
    }

    /** The best common ancestor of two commits; empty when they have none (unrelated histories). */
    public Optional<String> mergeBase(String one, String other) {
        Git.Result result = git.tryRun(dir, List.of("merge-base", one, other), LIMIT);
        if (result.exitCode() > 1) {
            throw new GitException("merge-base " + one + " " + other, result.exitCode(), result.error());
        }
        return result.exitCode() == 0 ? Optional.of(result.output()) : Optional.empty();
    }

    /**
     * The commits the remote's branches pointed at when last fetched, by branch, in one git process;
     * a branch the remote does not have is missing from the map.
     */
    public java.util.Map<String, String> remoteHeads(String... branches) {
        List<String> args = new ArrayList<>(List.of("for-each-ref", "--format=%(refname)%00%(objectname)"));
        for (String branch : branches) {
            args.add("refs/remotes/origin/" + branch);
        }
        java.util.Map<String, String> heads = new java.util.HashMap<>();
        for (String line : git.run(dir, args, LIMIT).split("\n")) {
            int nul = line.indexOf('\0');
            if (nul > 0) {
                // A pattern also matches refs below it (origin/x/y for origin/x): keep exact names only.
                String branch = line.substring(0, nul).substring("refs/remotes/origin/".length());
                if (List.of(branches).contains(branch)) {
                    heads.put(branch, line.substring(nul + 1));
                }
            }
        }
        return heads;
    }

    /** Whether {@code ancestor} is {@code commit} or one of its ancestors. */
    public boolean isAncestor(String ancestor, String commit) {
        Git.Result result = git.tryRun(dir, List.of("merge-base", "--is-ancestor", ancestor, commit), LIMIT);
        if (result.exitCode() > 1) {
            throw new GitException("merge-base --is-ancestor " + ancestor + " " + commit, result.exitCode(),
                    result.error());
        }
        return result.exitCode() == 0;
    }

    /** The merge of two commits as a tree, and the files that conflict; nothing else changes. */
    public MergeTree mergeTree(String ours, String theirs) {
        Git.Result result = git.tryRun(dir, List.of("merge-tree", "--write-tree", "--name-only", "--no-messages", "-z",
                ours, theirs), LIMIT);
        if (result.exitCode() > 1) {
            throw new GitException("merge-tree " + ours + " " + theirs, result.exitCode(), result.error());
        }
        List<String> records = new ArrayList<>(Arrays.asList(result.output().split("\0")));
        records.removeIf(String::isEmpty);
        String tree = records.remove(0);
        return new MergeTree(tree, result.exitCode() == 0 ? List.of() : records.stream().distinct().toList());
    }

    /** The tree of a commit. */
    public String treeOf(String commit) {
        return git.run(dir, "rev-parse", "--verify", commit + "^{tree}");
    }

    /** A new commit of {@code tree} with these parents and message, by the platform's identity; no ref moves. */
    public String commitTree(String tree, List<String> parents, String message) {
        List<String> args = new ArrayList<>(List.of("commit-tree", tree));
        parents.forEach(p -> {
            args.add("-p");
            args.add(p);
        });
        args.add("-m");
        args.add(message);
        return git.run(dir, args, LIMIT);
    }

    /**
     * A new commit on {@code parent} whose tree is the parent's with these files added or replaced
     * (path in the repository to its text), made without a worktree: each file becomes a blob
     * ({@code hash-object -w}), a temporary index ({@code GIT_INDEX_FILE}) is read from the parent's
     * tree and updated ({@code update-index --cacheinfo}), written as a tree, and committed. No ref
     * moves. Paths must be relative, normalised and inside the repository.
     */
    public String commitFiles(String parent, java.util.Map<String, String> files, String message) {
        files.keySet().forEach(MergeRepository::requireInside);
        Path scratch;
        try {
            scratch = Files.createTempDirectory(dir.getParent(), "commit-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory beside " + dir, e);
        }
        try {
            Git indexed = git.withEnvironment("GIT_INDEX_FILE", scratch.resolve("index").toString());
            indexed.run(dir, List.of("read-tree", parent + "^{tree}"), LIMIT);
            int n = 0;
            for (java.util.Map.Entry<String, String> file : files.entrySet()) {
                Path content = scratch.resolve("blob-" + n++);
                Files.writeString(content, file.getValue());
                String blob = git.run(dir, List.of("hash-object", "-w", "--no-filters", content.toString()), LIMIT);
                indexed.run(dir, List.of("update-index", "--add", "--cacheinfo", "100644," + blob + "," + file.getKey()),
                        LIMIT);
            }
            String tree = indexed.run(dir, List.of("write-tree"), LIMIT);
            return commitTree(tree, List.of(parent), message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a file to commit in " + scratch, e);
        } finally {
            deleteTree(scratch);
        }
    }

    /** The files under {@code folder} in {@code commit}'s tree, at any depth (paths from the repository's root). */
    public List<String> filesUnder(String commit, String folder) {
        String out = git.run(dir, List.of("ls-tree", "-r", "--name-only", "-z", commit, "--", folder), LIMIT);
        return Arrays.stream(out.split("\0")).filter(p -> !p.isEmpty()).toList();
    }

    private static void requireInside(String path) {
        Path p = Path.of(path);
        if (path.isEmpty() || p.isAbsolute() || !p.normalize().toString().equals(path) || path.startsWith("..")
                || path.contains("\\") || path.startsWith("-")) {
            throw new IllegalArgumentException("not a path inside the repository: '" + path + "'");
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch directory left behind holds nothing the next commit reads
        }
    }

    /** The commits reachable from {@code head} but not from {@code base}, oldest first. */
    public List<String> commitsBetween(String base, String head) {
        String out = git.run(dir, "rev-list", "--reverse", base + ".." + head);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /**
     * Replays the commits of {@code head} that {@code onto} lacks onto it, in a scratch worktree
     * that is removed afterwards: the new head, or the files that conflicted (the replay is then
     * abandoned).
     */
    public Rebased rebase(String onto, String head) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory(dir.getParent(), "rebase-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory beside " + dir, e);
        }
        git.run(dir, List.of("worktree", "add", "-q", "--detach", scratch.toString(), head), LIMIT);
        try {
            Git.Result result = git.tryRun(scratch, List.of("rebase", "-q", onto), LIMIT);
            if (result.exitCode() == 0) {
                return new Rebased(Optional.of(git.run(scratch, "rev-parse", "HEAD")), List.of());
            }
            String unmerged = git.run(scratch, "diff", "--name-only", "--diff-filter=U");
            git.tryRun(scratch, List.of("rebase", "--abort"), LIMIT);
            if (unmerged.isEmpty()) {
                throw new GitException("rebase " + onto, result.exitCode(), result.error());
            }
            return new Rebased(Optional.empty(), List.of(unmerged.split("\n")));
        } finally {
            git.tryRun(dir, List.of("worktree", "remove", "--force", scratch.toString()), LIMIT);
            git.tryRun(dir, List.of("worktree", "prune"), LIMIT);
        }
    }

    /** The worktrees git knows of this repository (the bare repository itself is the first). */
    public List<String> worktrees() {
        return git.run(dir, "worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree "))
                .map(l -> l.substring("worktree ".length())).toList();
    }

    /** The outcome of {@link #rebase}: the new head, or the conflicting files. */
    public record Rebased(Optional<String> head, List<String> conflicts) {
    }

    /**
     * Moves the remote's {@code branch} from {@code expected} to {@code commit}, only if it is still
     * at {@code expected} ({@code --force-with-lease}): true when it moved, false when the remote
     * had moved meanwhile (someone pushed behind the queue's back); nothing is overwritten either
     * way. The remote-tracking ref follows a successful push.
     */
    public boolean pushIfUnchanged(String branch, String expected, String commit) {
        String ref = "refs/heads/" + branch;
        Git.Result result = git.tryRun(dir, List.of("push", "-q", "--porcelain",
                "--force-with-lease=" + ref + ":" + expected, "origin", commit + ":" + ref), LIMIT);
        if (result.exitCode() == 0) {
            // The push moved refs/remotes/origin/<branch> too: origin's fetch refspec maps it.
            return true;
        }
        if (result.output().contains("stale info") || result.error().contains("stale info")) {
            return false;
        }
        throw new GitException("push origin " + commit + ":" + ref, result.exitCode(),
                (result.output() + "\n" + result.error()).strip());
    }

    /**
     * Makes the remote's {@code ref} point at {@code commit} whatever it pointed at (a ref of merge-service's
     * own, such as {@code refs/chant/verify/...}, never a branch).
     */
    public void pushRef(String commit, String ref) {
        if (!ref.startsWith("refs/chant/")) {
            throw new IllegalArgumentException("only refs under refs/chant/ are pushed this way, not " + ref);
        }
        git.run(dir, List.of("push", "-q", "--force", "origin", commit + ":" + ref), LIMIT);
    }

    /** Deletes the remote's {@code ref} (one of merge-service's own); true when it is gone. */
    public boolean deleteRef(String ref) {
        if (!ref.startsWith("refs/chant/")) {
            throw new IllegalArgumentException("only refs under refs/chant/ are deleted this way, not " + ref);
        }
        return git.tryRun(dir, List.of("push", "-q", "origin", ":" + ref), LIMIT).exitCode() == 0;
    }

    /** Whether this repository has the commit (one made by another process is here only once fetched). */
    public boolean hasCommit(String commit) {
        return git.tryRun(dir, List.of("cat-file", "-e", commit + "^{commit}"), LIMIT).exitCode() == 0;
    }

    /**
     * Deletes the remote's {@code branch}, only if it is still at {@code expected} (a branch someone
     * pushed more work to after the merge is kept): true when it was deleted or was gone already.
     */
    public boolean deleteBranchIfUnchanged(String branch, String expected) {
        String ref = "refs/heads/" + branch;
        Git.Result result = git.tryRun(dir, List.of("push", "-q", "--porcelain",
                "--force-with-lease=" + ref + ":" + expected, "origin", ":" + ref), LIMIT);
        if (result.exitCode() == 0) {
            git.tryRun(dir, List.of("update-ref", "-d", "refs/remotes/origin/" + branch), LIMIT);
            return true;
        }
        String said = result.output() + "\n" + result.error();
        if (said.contains("stale info")) {
            return false;
        }
        if (said.contains("remote ref does not exist")) {
            return true;
        }
        throw new GitException("push origin --delete " + ref, result.exitCode(), said.strip());
    }
}
