package chant.agent.workspace;

import chant.support.git.Git;
import chant.support.git.GitException;
import chant.support.git.RefNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checkout one run works in: {@code <work-root>/chant-<project>-<spec id>}, a clone of the
 * project's cached clone of its own (objects copied, not shared, so the agent can write nothing
 * the platform relies on), on branch {@code <prefix><spec id>} from that branch on the remote when
 * it exists (a later run continues the work), else from the default branch. The spec's markdown
 * is written to {@code .chant/specs/<id>.md}, which git ignores there.
 *
 * <p>The agent may change anything inside the checkout, its {@code .git} included. The platform
 * therefore only reads it with commands that run nothing of the repository's (rev-parse,
 * rev-list; hooks are off for every command), commits inside the sandbox, and publishes by pushing
 * from the cached clone, which reads the checkout's objects for that one command (see
 * {@link #publish(String)}).
 */
public final class RunWorkspace {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern SPEC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Git git;
    private final RepositoryCache cache;
    private final Path workRoot;
    private final String project;
    private final String specId;
    private final String branch;
    private final Path dir;
    private String baseCommit;
    /**
     * The default branch's commit when the checkout was made, read before the agent ran (the agent may
     * move any ref of its checkout): the branch's work is what lies between it and the head.
     */
    private String defaultCommit;
    /** A merge-conflict run's target as the remote had it when the checkout was made (the rebase goes onto it). */
    private String ontoCommit;
    /** The checkout's directory as the file system knows it, once made: a later attempt's has another. */
    private Object identity;

    private RunWorkspace(Git git, RepositoryCache cache, Path workRoot, String project, String specId, String branch) {
        this.git = git;
        this.cache = cache;
        this.workRoot = workRoot;
        this.project = project;
        this.specId = specId;
        this.branch = branch;
        this.dir = workRoot.resolve("chant-" + RepositoryCache.checkedName(project) + "-" + specId);
    }

    /** Where the run of {@code specId} works, before it exists. */
    public static RunWorkspace of(Git git, RepositoryCache cache, Path workRoot, String project, String specId,
            String branchPrefix) {
        if (!SPEC_ID.matcher(specId).matches() || specId.contains("..")) {
            throw new IllegalArgumentException("spec ID " + specId + " cannot be a directory name");
        }
        String branch = branchPrefix + specId;
        RefNames.problem(branch).ifPresent(problem -> {
            throw new IllegalArgumentException("branch " + branch + " is not a valid git branch name: " + problem);
        });
        return new RunWorkspace(git, cache, workRoot, project, specId, branch);
    }

    /**
     * Makes the checkout: refreshes the cached clone, moves an earlier checkout of the same spec
     * aside (into {@code <work-root>/kept}, never deleting it), clones and checks out the branch.
     * Returns where the earlier checkout went, if there was one (an earlier attempt's or run's).
     */
    public Optional<Path> create(String remoteUrl, String defaultBranch, String specMarkdown, Clock clock) {
        Optional<Path> earlier = create(remoteUrl, defaultBranch, clock, false);
        writeSpec(specMarkdown);
        return earlier;
    }

    /**
     * {@link #create(String, String, String, Clock)} without the spec file, for a caller that loads the
     * spec while the checkout is made and then writes it with {@link #writeSpec}.
     */
    public Optional<Path> create(String remoteUrl, String defaultBranch, Clock clock) {
        return create(remoteUrl, defaultBranch, clock, false);
    }

    /**
     * Makes a checkout to read, not to work in: the default branch, detached (a split run's agent
     * reads the code; nothing of this checkout is committed or pushed). Otherwise as {@link #create}.
     */
    public Optional<Path> createToRead(String remoteUrl, String defaultBranch, String specMarkdown, Clock clock) {
        Optional<Path> earlier = create(remoteUrl, defaultBranch, clock, true);
        writeSpec(specMarkdown);
        return earlier;
    }

    /**
     * Makes the checkout of a merge-conflict run: the spec's existing branch as the remote has it (never a new
     * one), with the remote's {@code target} beside it as {@code refs/remotes/origin/<target>}, to rebase onto.
     * Otherwise as {@link #create}.
     *
     * @throws GitException when the remote lacks the branch or the target
     */
    public Optional<Path> createToResolve(String remoteUrl, String target, String specMarkdown, Clock clock) {
        Optional<Path> earlier = create(remoteUrl, target, clock, false, true);
        writeSpec(specMarkdown);
        ontoCommit = defaultCommit;
        return earlier;
    }

    private Optional<Path> create(String remoteUrl, String defaultBranch, Clock clock, boolean toRead) {
        return create(remoteUrl, defaultBranch, clock, toRead, false);
    }

    private Optional<Path> create(String remoteUrl, String defaultBranch, Clock clock, boolean toRead,
            boolean toResolve) {
        Path repository = cache.repository(project);
        // One hold of the cache's lock: the refresh, the branches' commits and the clone see the same refs,
        // so the commits read here are those the clone's remote-tracking branches point at.
        record Start(String branch, String commit, String defaultCommit, Optional<Path> earlier) {
        }
        Start start = cache.locked(project, () -> {
            cache.refreshLocked(project, remoteUrl);
            Map<String, String> heads = toRead ? cache.heads(project, defaultBranch)
                    : cache.heads(project, branch, defaultBranch);
            if (toResolve && !heads.containsKey(branch)) {
                throw new GitException("checkout", -1, "branch " + branch + " is not on the remote " + remoteUrl
                        + ": there is nothing to rebase (was the spec's work pushed?)");
            }
            if (toResolve && !heads.containsKey(defaultBranch)) {
                throw new GitException("checkout", -1, "the target branch " + defaultBranch + " is not on the remote "
                        + remoteUrl);
            }
            String from = heads.containsKey(branch) && !toRead ? branch : defaultBranch;
            if (!heads.containsKey(from)) {
                throw new GitException("checkout", -1, "the branch to start from (" + from + ") is not on the remote "
                        + remoteUrl);
            }
            Optional<Path> moved = Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(moveAside(clock))
                    : Optional.empty();
            git.run(workRoot, "clone", "--quiet", "--local", "--no-hardlinks", "--no-checkout", "--",
                    repository.toString(), dir.toString());
            return new Start(from, heads.get(from), heads.getOrDefault(defaultBranch, ""), moved);
        });
        identity = identityOf(dir).orElseThrow(() -> new UncheckedIOException(new IOException(dir + " vanished")));
        if (toRead) {
            git.run(dir, "checkout", "--quiet", "--detach", "refs/remotes/origin/" + start.branch());
        } else {
            git.run(dir, "checkout", "--quiet", "-B", branch, "refs/remotes/origin/" + start.branch());
        }
        baseCommit = start.commit();
        defaultCommit = start.defaultCommit();
        try {
            Files.writeString(dir.resolve(".git/info/exclude"), "/.chant/specs/\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(".git/info/exclude"), e);
        }
        return start.earlier();
    }

    /** Writes the spec's markdown to {@code .chant/specs/<id>.md} in the checkout (git ignores it there). */
    public void writeSpec(String specMarkdown) {
        try {
            Path specs = Files.createDirectories(dir.resolve(".chant/specs"));
            Files.writeString(specs.resolve(specId + ".md"), specMarkdown);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the spec into " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String branch() {
        return branch;
    }

    public String baseCommit() {
        return baseCommit;
    }

    /** A merge-conflict run's target commit: what the branch is rebased onto. */
    public String ontoCommit() {
        return ontoCommit;
    }

    /**
     * A merge-conflict run's branch after its rebase: every commit of {@code head} that is not on the target it
     * was rebased onto, oldest first. Throws when {@code head} does not contain the target (the rebase did not
     * happen, or the agent moved the branch).
     */
    public List<String> rebasedCommits(String head) {
        if (git.tryRun(dir, List.of("merge-base", "--is-ancestor", ontoCommit, head), java.time.Duration.ofMinutes(1))
                .exitCode() != 0) {
            throw new GitException("merge-base", -1, "the branch's head " + head + " does not contain the target "
                    + ontoCommit + ": it was not rebased onto it");
        }
        String list = git.run(dir, "rev-list", "--reverse", head, "^" + ontoCommit);
        return list.isBlank() ? List.of() : List.of(list.split("\n"));
    }

    /** The spec file as the agent left it (at most {@code maxBytes}; a link or a missing file is an error). */
    public String readSpec(int maxBytes) throws IOException {
        return InsideFiles.readText(dir, ".chant/specs/" + specId + ".md", maxBytes);
    }

    public String head() {
        return checkedCommit(git.run(dir, "rev-parse", "HEAD"));
    }

    /**
     * Every commit of the branch that is not on the default branch, oldest first: the commits this run
     * added and those of earlier attempts or runs it continued from the pushed branch (an attempt that
     * pushed but could not report its end left them unrecorded). Throws when the agent moved the branch
     * so that it no longer starts at the base (history rewritten).
     */
    public List<String> newCommits() {
        return newCommits(head());
    }

    /**
     * {@link #newCommits()} up to {@code head}, the checkout's HEAD the caller has just read. One
     * {@code rev-list --boundary} lists the commits and, in the common cases, shows that the base is
     * an ancestor of the head (the base is the head, one of the listed commits, or a boundary commit:
     * a parent of a listed one); only when it shows nothing either way does a second command decide.
     */
    public List<String> newCommits(String head) {
        checkedCommit(head);
        String from = defaultCommit == null || defaultCommit.isEmpty() ? baseCommit : defaultCommit;
        String list = git.run(dir, "rev-list", "--reverse", "--boundary", head, "^" + from);
        List<String> commits = new java.util.ArrayList<>();
        boolean baseSeen = head.equals(baseCommit);
        for (String line : list.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String commit = line.startsWith("-") ? line.substring(1) : line;
            baseSeen |= commit.equals(baseCommit);
            if (!line.startsWith("-")) {
                commits.add(commit);
            }
        }
        if (!baseSeen && git.tryRun(dir, List.of("merge-base", "--is-ancestor", baseCommit, head),
                java.time.Duration.ofMinutes(1)).exitCode() != 0) {
            throw new GitException("merge-base", -1, "the branch no longer contains the commit the run started from ("
                    + baseCommit + "): the agent rewrote history");
        }
        return List.copyOf(commits);
    }

    /** The commits this attempt added to the branch (base..head), oldest first. */
    public List<String> commitsOfThisAttempt() {
        String list = git.run(dir, "rev-list", "--reverse", baseCommit + ".." + head());
        return list.isBlank() ? List.of() : List.of(list.split("\n"));
    }

    /** {@link #publish(String)} of the checkout's HEAD. */
    public String publish() {
        return publish(head());
    }

    /**
     * Pushes {@code head}, the checkout's HEAD as the caller read it, to the run's branch on the
     * project's remote (fast-forward only: work pushed to the branch by someone else is never
     * overwritten). One git process, a push from the cached clone with the platform's configuration,
     * which reads the run's new objects from the checkout's object directory, named for that one
     * command in {@code GIT_ALTERNATE_OBJECT_DIRECTORIES}: nothing of the checkout is written into the
     * cached clone (no object, no ref; its branch is fetched from the remote at the next refresh),
     * and the remote checks every object it receives. Returns the pushed commit.
     */
    public String publish(String head) {
        checkedCommit(head);
        Path objects = ownObjects();
        Path repository = cache.repository(project);
        Git reading = git.withEnvironment(Map.of("GIT_ALTERNATE_OBJECT_DIRECTORIES",
                objects.toString()));
        return cache.locked(project, () -> {
            reading.run(repository, "push", "--quiet", "origin", head + ":refs/heads/" + branch);
            return head;
        });
    }

    /**
     * Pushes a rebased branch as {@link #publish} pushes (one push from the cached clone that reads the
     * checkout's objects for that command only), with {@code --force-with-lease=refs/heads/<branch>:<base>},
     * so it replaces the branch only while the remote still has it at the head this run started from.
     * Returns the pushed commit.
     *
     * @throws BranchMovedException when the branch moved on the remote meanwhile (nothing was overwritten)
     */
    public String publishRebased() {
        String head = head();
        Path objects = ownObjects();
        Path repository = cache.repository(project);
        Git reading = git.withEnvironment(Map.of("GIT_ALTERNATE_OBJECT_DIRECTORIES", objects.toString()));
        return cache.locked(project, () -> {
            Git.Result push = reading.tryRun(repository, List.of("push", "--quiet", "--force-with-lease=refs/heads/"
                    + branch + ":" + baseCommit, "origin", head + ":refs/heads/" + branch), java.time.Duration.ofMinutes(10));
            if (push.exitCode() != 0) {
                if (push.error().contains("stale info") || push.error().contains("rejected")) {
                    throw new BranchMovedException("branch " + branch + " moved on the remote while its conflicts were"
                            + " resolved (it is no longer at " + baseCommit + "): the rebased branch was not pushed and"
                            + " nothing was overwritten; resolve again from the branch as it is now");
                }
                throw new GitException("push", push.exitCode(), push.error());
            }
            return head;
        });
    }

    /** The branch moved on the remote while a merge-conflict run rebased it: the push was refused. */
    public static final class BranchMovedException extends RuntimeException {
        BranchMovedException(String message) {
            super(message);
        }
    }

    /**
     * The checkout's object directory, once it is checked to hold only its own objects: git outside the
     * sandbox reads it to push, so it must not lead elsewhere on this machine (to another repository's
     * objects the agent could name by hash and so push to this project's remote). Refused: {@code .git}
     * or anything under {@code objects} being a symbolic link, and object directories named in
     * {@code objects/info/alternates} or {@code http-alternates}. The agent has ended when this runs,
     * so nothing changes the directory between the check and the push.
     */
    private Path ownObjects() {
        Path gitDir = dir.resolve(".git");
        Path objects = gitDir.resolve("objects");
        String refused = null;
        if (!Files.isDirectory(gitDir, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(objects, LinkOption.NOFOLLOW_LINKS)) {
            refused = ".git or .git/objects is not a directory";
        } else if (Files.exists(objects.resolve("info/alternates"), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(objects.resolve("info/http-alternates"), LinkOption.NOFOLLOW_LINKS)) {
            refused = ".git/objects/info names other object directories (alternates)";
        } else {
            try (var walk = Files.walk(objects)) { // links are not followed, only seen
                refused = walk.filter(Files::isSymbolicLink).findFirst()
                        .map(link -> dir.relativize(link) + " is a symbolic link").orElse(null);
            } catch (IOException | UncheckedIOException e) {
                refused = "its object directory could not be read: " + e.getMessage();
            }
        }
        if (refused != null) {
            throw new GitException("push", -1, "the checkout's objects are not pushed: " + refused);
        }
        return objects;
    }

    /** A commit's full hexadecimal name, checked before it becomes an argument (it comes from the agent's checkout). */
    static String checkedCommit(String commit) {
        if (!COMMIT.matcher(commit).matches()) {
            throw new GitException("rev-parse", -1, "the checkout's HEAD is not a commit name: " + commit);
        }
        return commit;
    }

    /** Removes the checkout (its work is pushed, or there was none); a later attempt's checkout there stays. */
    public void remove() {
        if (isOwn()) {
            deleteTree(dir);
        }
    }

    /**
     * Moves this workspace's checkout to {@code <work-root>/kept/chant-<project>-<id>-<time>} and returns
     * where; empty when the directory holds no checkout of this workspace: it was never made, or a later
     * attempt of the run (or a later run of the spec) moved it aside itself and works there now, which
     * is why the directory is compared by identity, not by name.
     */
    public Optional<Path> keep(Clock clock) {
        return isOwn() ? Optional.of(moveAside(clock)) : Optional.empty();
    }

    /** Whether the directory is still this workspace's checkout (not removed, not replaced by a later attempt's). */
    public boolean isOwn() {
        return identity != null && identityOf(dir).equals(Optional.of(identity));
    }

    /** The file-system identity (device and inode) of a directory, empty when there is none. */
    private static Optional<Object> identityOf(Path path) {
        try {
            return Optional.ofNullable(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Moves a checkout of {@code specId} that a runner left in the work root (it died) under
     * {@code kept/}, as a runner keeps its own; empty when there is none.
     */
    public static Optional<Path> keepLeftover(Path workRoot, String project, String specId, Clock clock) {
        if (!SPEC_ID.matcher(specId).matches() || specId.contains("..")) {
            return Optional.empty();
        }
        Path dir = workRoot.resolve("chant-" + RepositoryCache.checkedName(project) + "-" + specId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(moveAside(workRoot, dir, clock));
    }

    private Path moveAside(Clock clock) {
        return moveAside(workRoot, dir, clock);
    }

    /** The time in a kept checkout's name: {@code <name>-yyyyMMdd-HHmmss-SSS}. */
    static final DateTimeFormatter KEPT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private static Path moveAside(Path workRoot, Path dir, Clock clock) {
        try {
            String name = dir.getFileName() + "-" + KEPT_TIME.format(clock.instant());
            Path keptDir = Files.createDirectories(workRoot.resolve("kept"));
            Path kept = keptDir.resolve(name);
            for (int n = 2; Files.exists(kept, LinkOption.NOFOLLOW_LINKS); n++) {
                kept = keptDir.resolve(name + "-" + n); // two in one millisecond: a rename would replace an empty one
            }
            Files.move(dir, kept, StandardCopyOption.ATOMIC_MOVE);
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("could not move " + dir + " aside", e);
        }
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            // Files.walk does not follow links: a link the agent left is removed, not what it points to.
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + path, e);
        }
    }
}
