package chant.agent.workspace;

import static chant.agent.testing.GitRepositories.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.support.git.Git;
import chant.support.git.GitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's checkout with real git: made from the cached clone, read back safely, published by fast-forward only. */
class RunWorkspaceTest {

    private static final String SPEC = "2026-12-03-001-abc";

    @TempDir
    Path dir;

    private Path remote;
    private Path workRoot;
    private RunWorkspace workspace;

    @BeforeEach
    void remoteWithMain() throws IOException, InterruptedException {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        git(seed, "init", "-q", "-b", "main");
        Files.writeString(seed.resolve("README.md"), "kv store\n");
        git(seed, "add", "README.md");
        git(seed, "commit", "-q", "-m", "initial");
        remote = dir.resolve("remote.git");
        git(dir, "clone", "-q", "--bare", seed.toString(), remote.toString());
        workRoot = dir.resolve("work");
        Git gitOnPath = Git.onPath();
        workspace = RunWorkspace.of(gitOnPath, new RepositoryCache(gitOnPath, workRoot), workRoot, "kv", SPEC, "chant/");
    }

    @Test
    void aCheckoutOnItsBranchWithTheSpecThatGitIgnores() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());

        assertEquals(workRoot.resolve("chant-kv-" + SPEC), workspace.dir());
        assertEquals("chant/" + SPEC, git(workspace.dir(), "rev-parse", "--abbrev-ref", "HEAD").strip());
        assertEquals("# Fix it\n", workspace.readSpec(1000));
        assertEquals("", git(workspace.dir(), "status", "--porcelain").strip(), "the spec file is not part of the work");
        assertEquals(workspace.baseCommit(), git(remote, "rev-parse", "main").strip());
    }

    @Test
    void theRunsCommitsArePushedToItsBranchOnTheRemote() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(workspace.dir().resolve("fix.txt"), "fixed\n");
        git(workspace.dir(), "add", "fix.txt");
        git(workspace.dir(), "commit", "-q", "-m", "chant(" + SPEC + "): fix");

        List<String> commits = workspace.newCommits();
        String pushed = workspace.publish();

        assertEquals(1, commits.size());
        assertEquals(commits.get(0), pushed);
        assertEquals(pushed, git(remote, "rev-parse", "chant/" + SPEC).strip());
        assertTrue(Git.onPath().tryRun(workRoot.resolve("cache/kv.git"), List.of("cat-file", "-e", pushed),
                java.time.Duration.ofMinutes(1)).exitCode() != 0, "nothing of the checkout is written into the cached clone");
        workspace.remove();
        assertFalse(Files.exists(workspace.dir()));
    }

    @Test
    void aLaterRunContinuesFromTheBranchOnTheRemoteAndAnEarlierCheckoutIsKept() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(workspace.dir().resolve("half.txt"), "half\n");
        git(workspace.dir(), "add", "half.txt");
        git(workspace.dir(), "commit", "-q", "-m", "half");
        String first = workspace.publish();
        Files.writeString(workspace.dir().resolve("unsaved.txt"), "not committed\n");

        java.util.Optional<Path> movedAside = workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());

        assertEquals(first, workspace.baseCommit(), "the branch continues");
        try (var kept = Files.list(workRoot.resolve("kept"))) {
            Path earlier = kept.findFirst().orElseThrow();
            assertEquals(java.util.Optional.of(earlier), movedAside, "create says where the earlier checkout went");
            assertEquals("not committed\n", Files.readString(earlier.resolve("unsaved.txt")), "nothing is lost");
        }
    }

    /**
     * A first attempt pushed its commit but could not report its end; the next attempt continues from
     * the pushed branch. Its commits are those of the whole branch, so the first attempt's commit is
     * recorded for the spec too.
     */
    @Test
    void theCommitsOfAnEarlierAttemptThatPushedButDidNotReportAreListed() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(workspace.dir().resolve("half.txt"), "half\n");
        git(workspace.dir(), "add", "half.txt");
        git(workspace.dir(), "commit", "-q", "-m", "half");
        String first = workspace.publish();
        Git gitOnPath = Git.onPath();
        RunWorkspace second = RunWorkspace.of(gitOnPath, new RepositoryCache(gitOnPath, workRoot), workRoot, "kv", SPEC,
                "chant/");
        second.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(second.dir().resolve("rest.txt"), "rest\n");
        git(second.dir(), "add", "rest.txt");
        git(second.dir(), "commit", "-q", "-m", "rest");
        String head = second.head();

        assertEquals(List.of(first, head), second.newCommits(), "oldest first, the earlier attempt's included");
        assertEquals(List.of(head), second.commitsOfThisAttempt());
    }

    /**
     * Two attempts of one run share the checkout's path. When a later attempt moved the first one's
     * checkout aside and made its own, the first attempt's runner (still alive, its lease lost) neither
     * moves nor removes the later one's: it compares the directory by identity, not by name.
     */
    @Test
    void aCheckoutALaterAttemptMadeIsLeftToIt() throws IOException, InterruptedException {
        Git gitOnPath = Git.onPath();
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(workspace.dir().resolve("first.txt"), "the first attempt's\n");
        RunWorkspace later = RunWorkspace.of(gitOnPath, new RepositoryCache(gitOnPath, workRoot), workRoot, "kv", SPEC, "chant/");

        Path firstKept = later.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC()).orElseThrow();

        assertEquals("the first attempt's\n", Files.readString(firstKept.resolve("first.txt")));
        assertFalse(workspace.isOwn());
        assertTrue(later.isOwn());
        assertEquals(java.util.Optional.empty(), workspace.keep(Clock.systemUTC()), "not the first attempt's to move");
        workspace.remove();
        assertTrue(Files.exists(later.dir().resolve(".chant/specs/" + SPEC + ".md")), "the later checkout stays");
        Path laterKept = later.keep(Clock.systemUTC()).orElseThrow();
        assertFalse(Files.exists(later.dir()));
        assertTrue(Files.exists(laterKept.resolve(".chant/specs/" + SPEC + ".md")));
    }

    @Test
    void aSpecFileReplacedByALinkIsRefused() throws IOException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Path spec = workspace.dir().resolve(".chant/specs/" + SPEC + ".md");
        Files.delete(spec);
        Files.writeString(dir.resolve("secret"), "host secret\n");
        Files.createSymbolicLink(spec, dir.resolve("secret"));

        IOException refused = assertThrows(IOException.class, () -> workspace.readSpec(1000));
        assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
    }

    @Test
    void workPushedBySomeoneElseIsNeverOverwritten() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Path other = dir.resolve("other");
        git(dir, "clone", "-q", remote.toString(), other.toString());
        git(other, "checkout", "-q", "-b", "chant/" + SPEC);
        Files.writeString(other.resolve("theirs.txt"), "theirs\n");
        git(other, "add", "theirs.txt");
        git(other, "commit", "-q", "-m", "theirs");
        git(other, "push", "-q", "origin", "chant/" + SPEC);
        String theirs = git(remote, "rev-parse", "chant/" + SPEC).strip();
        Files.writeString(workspace.dir().resolve("mine.txt"), "mine\n");
        git(workspace.dir(), "add", "mine.txt");
        git(workspace.dir(), "commit", "-q", "-m", "mine");

        assertThrows(GitException.class, workspace::publish);
        assertEquals(theirs, git(remote, "rev-parse", "chant/" + SPEC).strip());
    }

    @Test
    void aBranchThatNoLongerContainsItsBaseIsRefused() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        git(workspace.dir(), "checkout", "-q", "--orphan", "elsewhere");
        git(workspace.dir(), "commit", "-q", "-m", "unrelated");

        GitException refused = assertThrows(GitException.class, () -> workspace.newCommits());
        assertTrue(refused.getMessage().contains("rewrote history"), refused.getMessage());
    }

    /**
     * The agent moved its branch onto the default branch, which had merged the earlier run's work
     * since: the base is still in its history, though not next to the new commit.
     */
    @Test
    void aBranchMovedOntoADefaultBranchThatMergedItKeepsItsBase() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(workspace.dir().resolve("half.txt"), "half\n");
        git(workspace.dir(), "add", "half.txt");
        git(workspace.dir(), "commit", "-q", "-m", "half");
        String first = workspace.publish();
        Path other = dir.resolve("other");
        git(dir, "clone", "-q", remote.toString(), other.toString());
        git(other, "merge", "-q", "--ff-only", "origin/chant/" + SPEC);
        Files.writeString(other.resolve("later.txt"), "later\n");
        git(other, "add", "later.txt");
        git(other, "commit", "-q", "-m", "later on main");
        git(other, "push", "-q", "origin", "main");
        String main = git(other, "rev-parse", "HEAD").strip();

        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        assertEquals(first, workspace.baseCommit());
        git(workspace.dir(), "reset", "-q", "--hard", main);
        Files.writeString(workspace.dir().resolve("rest.txt"), "rest\n");
        git(workspace.dir(), "add", "rest.txt");
        git(workspace.dir(), "commit", "-q", "-m", "rest");

        assertEquals(List.of(workspace.head()), workspace.newCommits());
    }

    @Test
    void aProjectWhoseRepositoryMovedIsFetchedFromTheNewOne() throws IOException, InterruptedException {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Path seed = Files.createDirectories(dir.resolve("seed2"));
        git(seed, "init", "-q", "-b", "main");
        Files.writeString(seed.resolve("OTHER.md"), "another repository\n");
        git(seed, "add", "OTHER.md");
        git(seed, "commit", "-q", "-m", "another");
        Path moved = dir.resolve("moved.git");
        git(dir, "clone", "-q", "--bare", seed.toString(), moved.toString());
        Git gitOnPath = Git.onPath();
        RunWorkspace later = RunWorkspace.of(gitOnPath, new RepositoryCache(gitOnPath, workRoot), workRoot, "kv", SPEC,
                "chant/");

        later.create(moved.toString(), "main", "# Fix it\n", Clock.systemUTC());

        assertEquals(git(moved, "rev-parse", "main").strip(), later.baseCommit());
        assertTrue(Files.exists(later.dir().resolve("OTHER.md")));
        Files.writeString(later.dir().resolve("fix.txt"), "fixed\n");
        git(later.dir(), "add", "fix.txt");
        git(later.dir(), "commit", "-q", "-m", "fix");
        assertEquals(later.publish(), git(moved, "rev-parse", "chant/" + SPEC).strip(), "pushed to the new remote");
    }

    /**
     * git reads the checkout's objects outside the sandbox to push them: an object directory that leads
     * elsewhere on the host (another repository's objects, named in alternates or linked) is refused,
     * and nothing reaches the remote.
     */
    @Test
    void anObjectDirectoryThatLeadsElsewhereIsNotPushed() throws IOException, InterruptedException {
        Path elsewhere = dir.resolve("elsewhere");
        git(dir, "init", "-q", elsewhere.toString());
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());
        Files.writeString(workspace.dir().resolve("fix.txt"), "fixed\n");
        git(workspace.dir(), "add", "fix.txt");
        git(workspace.dir(), "commit", "-q", "-m", "fix");
        Path info = Files.createDirectories(workspace.dir().resolve(".git/objects/info"));
        Files.writeString(info.resolve("alternates"), elsewhere.resolve(".git/objects") + "\n");

        GitException refused = assertThrows(GitException.class, workspace::publish);
        assertTrue(refused.getMessage().contains("alternates"), refused.getMessage());

        Files.delete(info.resolve("alternates"));
        Files.createSymbolicLink(workspace.dir().resolve(".git/objects/pack/pack-elsewhere.pack"),
                elsewhere.resolve(".git/HEAD"));
        refused = assertThrows(GitException.class, workspace::publish);
        assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
        assertTrue(Git.onPath().tryRun(remote, List.of("rev-parse", "--verify", "--quiet", "refs/heads/chant/" + SPEC),
                java.time.Duration.ofMinutes(1)).exitCode() != 0, "nothing reached the remote");
    }

    @Test
    void aHeadThatIsNoCommitNameIsNeverAnArgument() {
        workspace.create(remote.toString(), "main", "# Fix it\n", Clock.systemUTC());

        assertThrows(GitException.class, () -> workspace.publish("--upload-pack=touch /tmp/x"));
        assertThrows(GitException.class, () -> workspace.newCommits("HEAD~1"));
    }

    @Test
    void aDefaultBranchTheRemoteLacksIsNamed() {
        GitException missing = assertThrows(GitException.class,
                () -> workspace.create(remote.toString(), "trunk", "# Fix it\n", Clock.systemUTC()));
        assertTrue(missing.getMessage().contains("the branch to start from (trunk) is not on the remote"),
                missing.getMessage());
    }

    @Test
    void namesThatCannotBePathsOrBranchesAreRefused() {
        Git g = Git.onPath();
        RepositoryCache cache = new RepositoryCache(g, workRoot);
        assertThrows(IllegalArgumentException.class, () -> RunWorkspace.of(g, cache, workRoot, "kv", "../x", "chant/"));
        assertThrows(IllegalArgumentException.class, () -> RunWorkspace.of(g, cache, workRoot, "kv", "a..b", "chant/"));
        assertThrows(IllegalArgumentException.class, () -> RunWorkspace.of(g, cache, workRoot, "../kv", SPEC, "chant/")
                .create(remote.toString(), "main", "x", Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> RunWorkspace.of(g, cache, workRoot, "kv", SPEC, "-x/"));
    }
}
