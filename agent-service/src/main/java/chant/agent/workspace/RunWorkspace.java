package chant.agent.workspace;

import chant.agent.git.Git;
import chant.agent.git.GitException;
import chant.support.git.RefNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
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
 * rev-list; hooks are off for every command), commits inside the sandbox, and publishes by
 * fetching the branch into the cached clone and pushing from there.
 */
public final class RunWorkspace {

    private static final Pattern SPEC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Git git;
    private final RepositoryCache cache;
    private final Path workRoot;
    private final String project;
    private final String specId;
    private final String branch;
    private final Path dir;
    private String baseCommit;

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
     */
    public void create(String remoteUrl, String defaultBranch, String specMarkdown, Clock clock) {
        Path repository = cache.refresh(project, remoteUrl);
        if (Files.exists(dir)) {
            keep(clock);
        }
        boolean branchExists = git.tryRun(repository, List.of("rev-parse", "--verify", "--quiet",
                "refs/heads/" + branch), java.time.Duration.ofMinutes(1)).exitCode() == 0;
        String start = branchExists ? branch : defaultBranch;
        cache.locked(project, () -> git.run(workRoot, "clone", "--quiet", "--local", "--no-hardlinks", "--no-checkout",
                "--", repository.toString(), dir.toString()));
        try {
            git.run(dir, "checkout", "--quiet", "-B", branch, "refs/remotes/origin/" + start);
        } catch (GitException e) {
            throw new GitException("checkout", -1, "the branch to start from (" + start + ") is not on the remote "
                    + remoteUrl + ": " + e.getMessage());
        }
        baseCommit = git.run(dir, "rev-parse", "HEAD");
        try {
            Files.writeString(dir.resolve(".git/info/exclude"), "/.chant/specs/\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
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

    /** The spec file as the agent left it (at most {@code maxBytes}; a link or a missing file is an error). */
    public String readSpec(int maxBytes) throws IOException {
        return InsideFiles.readText(dir, ".chant/specs/" + specId + ".md", maxBytes);
    }

    public String head() {
        return git.run(dir, "rev-parse", "HEAD");
    }

    /**
     * The commits the run added, oldest first. Throws when the agent moved the branch so that it no
     * longer starts at the base (history rewritten).
     */
    public List<String> newCommits() {
        String head = head();
        if (git.tryRun(dir, List.of("merge-base", "--is-ancestor", baseCommit, head), java.time.Duration.ofMinutes(1))
                .exitCode() != 0) {
            throw new GitException("merge-base", -1, "the branch no longer contains the commit the run started from ("
                    + baseCommit + "): the agent rewrote history");
        }
        String list = git.run(dir, "rev-list", "--reverse", baseCommit + ".." + head);
        return list.isBlank() ? List.of() : List.of(list.split("\n"));
    }

    /**
     * Pushes the run's branch to the project's remote: fetched from the checkout into the cached
     * clone, then pushed from there (fast-forward only: work pushed to the branch by someone else is
     * never overwritten). Returns the pushed commit.
     */
    public String publish() {
        Path repository = cache.repository(project);
        return cache.locked(project, () -> {
            String incoming = "refs/chant/incoming/" + branch;
            git.run(repository, "fetch", "--quiet", "--no-tags", dir.toString(), "+refs/heads/" + branch + ":" + incoming);
            String head = git.run(repository, "rev-parse", incoming);
            git.run(repository, "push", "--quiet", "origin", head + ":refs/heads/" + branch);
            git.run(repository, "update-ref", "refs/heads/" + branch, head);
            git.run(repository, "update-ref", "-d", incoming);
            return head;
        });
    }

    /** Removes the checkout (its work is pushed, or there was none). */
    public void remove() {
        deleteTree(dir);
    }

    /** Moves the checkout to {@code <work-root>/kept/chant-<project>-<id>-<time>} and returns where. */
    public Path keep(Clock clock) {
        try {
            Path kept = Files.createDirectories(workRoot.resolve("kept")).resolve(dir.getFileName() + "-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC).format(clock.instant()));
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
