package chant.merge.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.testing.Remote;
import chant.support.git.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each strategy on real repositories: a bare remote, a clone where the "agents" commit and push
 * their branches, and merge-service's own bare repository. Every merge is worked out first and the
 * remote's main moves only by compare-and-swap to exactly that commit.
 */
class BranchMergerTest {

    private static final BranchMerger.Names NAMES = new BranchMerger.Names("chant/2026-12-04-001-abc",
            "2026-12-04-001-abc", "Fix the lost write", "alice");

    @TempDir
    Path root;

    private Remote remote;
    private MergeRepository repository;
    private BranchMerger merger;

    @BeforeEach
    void repositories() {
        remote = new Remote(root);
        repository = MergeRepository.open(Git.onPath(), root.resolve("merge/kv"), remote.url());
        merger = new BranchMerger(repository);
    }

    /** The spec's branch with one commit, pushed; optionally main moves on meanwhile with another file. */
    private String branch(boolean mainMovesOn) {
        String head = remote.on("chant/2026-12-04-001-abc", "main").commit("kv/store.py", "lock = True\n",
                "chant(2026-12-04-001-abc): take the lock").push().head();
        if (mainMovesOn) {
            remote.on("main", "main").commit("docs/notes.md", "notes\n", "docs: notes").push();
        }
        repository.fetch();
        return head;
    }

    private String main() {
        return repository.remoteHead("main").orElseThrow();
    }

    private Merged mergeAndPush(Strategy strategy, String branchHead) {
        String target = main();
        Merged merged = merger.merge(target, branchHead, strategy, NAMES);
        if (merged.kind() == Merged.Kind.MERGED) {
            assertTrue(repository.pushIfUnchanged("main", target, merged.targetAfter()));
        }
        return merged;
    }

    @Test
    void autoFastForwardsWhenTheTargetHasNotMoved() {
        String head = branch(false);
        String before = main();

        Merged merged = mergeAndPush(Strategy.AUTO, head);

        assertEquals(Merged.Kind.MERGED, merged.kind());
        assertEquals(before, merged.targetBefore());
        assertEquals(head, merged.targetAfter());
        assertEquals(head, remote.branch("main"), "the remote's main is the branch's head");
    }

    @Test
    void autoMakesAMergeCommitWhenTheTargetMovedOn() {
        String head = branch(true);
        String before = main();

        Merged merged = mergeAndPush(Strategy.AUTO, head);

        assertEquals(Merged.Kind.MERGED, merged.kind());
        assertEquals(merged.targetAfter(), remote.branch("main"));
        assertEquals(before + " " + head, remote.inRemote("log", "-1", "--format=%P", "main"), "parents: target, branch");
        assertEquals("Merge chant/2026-12-04-001-abc", remote.inRemote("log", "-1", "--format=%s", "main"));
        assertEquals("lock = True", remote.inRemote("show", "main:kv/store.py"));
        assertEquals("notes", remote.inRemote("show", "main:docs/notes.md"));
    }

    @Test
    void mergeMakesAMergeCommitEvenWhenAFastForwardWouldDo() {
        String head = branch(false);
        String before = main();

        Merged merged = mergeAndPush(Strategy.MERGE, head);

        assertEquals(before + " " + head, remote.inRemote("log", "-1", "--format=%P", "main"));
        assertEquals(merged.mergeCommit(), remote.branch("main"));
    }

    @Test
    void fastForwardOnlyIsRefusedWhenTheTargetMovedOnAndNothingMoves() {
        String head = branch(true);
        String before = main();

        Merged merged = mergeAndPush(Strategy.FAST_FORWARD, head);

        assertEquals(Merged.Kind.REFUSED, merged.kind());
        assertTrue(merged.reason().startsWith("not a fast-forward"), merged.reason());
        assertEquals(before, remote.branch("main"));
    }

    @Test
    void aConflictIsFoundBeforeAnythingMovesAndNamesTheFiles() {
        remote.on("chant/2026-12-04-001-abc", "main").commit("kv/store.py", "lock = True\n", "lock").push();
        remote.on("main", "main").commit("kv/store.py", "lock = False\n", "no lock").push();
        remote.on("chant/2026-12-04-001-abc", "main");
        repository.fetch();
        String before = main();
        String head = repository.remoteHead("chant/2026-12-04-001-abc").orElseThrow();

        for (Strategy strategy : List.of(Strategy.AUTO, Strategy.MERGE, Strategy.SQUASH, Strategy.REBASE)) {
            Merged merged = merger.merge(before, head, strategy, NAMES);
            assertEquals(Merged.Kind.CONFLICT, merged.kind(), strategy.name());
            assertEquals(List.of("kv/store.py"), merged.conflicts(), strategy.name());
            assertEquals("conflicts in kv/store.py", merged.reason());
        }
        assertEquals(before, remote.branch("main"));
        assertEquals(1, repository.worktrees().size(), "the rebase's scratch worktree is gone: " + repository.worktrees());
    }

    @Test
    void aBranchWhoseCommitsAreOnTheTargetIsAlreadyMergedNotAnError() {
        String head = branch(false);
        mergeAndPush(Strategy.AUTO, head);
        repository.fetch();

        for (Strategy strategy : Strategy.values()) {
            Merged again = merger.merge(main(), head, strategy, NAMES);
            assertEquals(Merged.Kind.ALREADY_MERGED, again.kind(), strategy.name());
            assertEquals("already merged", again.reason());
        }
    }

    @Test
    void squashIsOneCommitOnTheTargetHoldingTheWholeChange() {
        remote.on("chant/2026-12-04-001-abc", "main").commit("kv/store.py", "lock = True\n", "one");
        String head = remote.commit("tests/test_store.py", "def test(): pass\n", "two").push().head();
        remote.on("main", "main").commit("docs/notes.md", "notes\n", "docs").push();
        repository.fetch();
        String before = main();

        Merged merged = mergeAndPush(Strategy.SQUASH, head);

        assertEquals(Merged.Kind.MERGED, merged.kind());
        assertEquals(before, remote.inRemote("log", "-1", "--format=%P", "main"), "one parent: the target");
        assertEquals("chant(2026-12-04-001-abc): Fix the lost write", remote.inRemote("log", "-1", "--format=%s", "main"));
        assertTrue(remote.inRemote("log", "-1", "--format=%b", "main").contains("Squashed 2 commits"));
        assertEquals(List.of("kv/store.py", "tests/test_store.py"), List.of(remote.inRemote("diff", "--name-only",
                before, "main").split("\n")), "the squash holds the branch's work");
    }

    @Test
    void aSquashThatWouldHoldNothingIsRefused() {
        String head = remote.on("chant/2026-12-04-001-abc", "main").commit("kv/store.py", "lock = True\n", "lock")
                .push().head();
        // The same change reached main another way (cherry-picked by a person).
        remote.on("main", "main").commit("kv/store.py", "lock = True\n", "lock, by hand").push();
        repository.fetch();
        String before = main();

        Merged merged = merger.merge(before, head, Strategy.SQUASH, NAMES);

        assertEquals(Merged.Kind.REFUSED, merged.kind());
        assertTrue(merged.reason().contains("would hold no change"), merged.reason());
    }

    @Test
    void rebaseReplaysTheBranchOntoTheTargetAndFastForwards() {
        remote.on("chant/2026-12-04-001-abc", "main").commit("kv/store.py", "lock = True\n", "one");
        String head = remote.commit("tests/test_store.py", "def test(): pass\n", "two").push().head();
        remote.on("main", "main").commit("docs/notes.md", "notes\n", "docs").push();
        repository.fetch();
        String before = main();

        Merged merged = mergeAndPush(Strategy.REBASE, head);

        assertEquals(Merged.Kind.MERGED, merged.kind());
        assertFalse(merged.targetAfter().equals(head), "new commits");
        assertEquals(List.of("two", "one", "docs"), List.of(remote.inRemote("log", "-3", "--format=%s", "main")
                .split("\n")), "linear history on top of the target");
        assertTrue(repository.isAncestor(before, merged.targetAfter()));
        assertEquals(1, repository.worktrees().size());
    }

    @Test
    void aPushBehindTheQueuesBackIsNeverOverwrittenAndARetryOnTheNewTargetWorks() {
        String head = branch(false);
        String seen = main();
        Merged merged = merger.merge(seen, head, Strategy.MERGE, NAMES);
        String elsewhere = remote.on("main", "main").commit("docs/hotfix.md", "hotfix\n", "hotfix").push().head();

        assertFalse(repository.pushIfUnchanged("main", seen, merged.targetAfter()));
        assertEquals(elsewhere, remote.branch("main"), "the concurrent push stays");

        repository.fetch();
        Merged again = merger.merge(main(), head, Strategy.MERGE, NAMES);
        assertTrue(repository.pushIfUnchanged("main", elsewhere, again.targetAfter()));
        assertEquals(elsewhere + " " + head, remote.inRemote("log", "-1", "--format=%P", "main"));
    }

    @Test
    void openingAgainFollowsAChangedRemoteUrlAndRefusesAnOptionAsUrl() throws Exception {
        Path copy = root.resolve("moved.git");
        Git.onPath().run(root, "clone", "-q", "--bare", remote.url(), copy.toString());

        MergeRepository reopened = MergeRepository.open(Git.onPath(), repository.dir(), copy.toString());
        reopened.fetch();

        assertEquals(copy.toString(), Git.onPath().run(repository.dir(), "remote", "get-url", "origin"));
        assertTrue(reopened.remoteHead("main").isPresent());
        assertTrue(reopened.remoteHead("no-such-branch").isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> MergeRepository.open(Git.onPath(), root.resolve("other"), "--upload-pack=touch /tmp/x"));
        try (Stream<Path> files = Files.list(root)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("other")), "nothing was created for it");
        }
    }

    @Test
    void fetchingOneSpecsRefsBringsTargetAndBranchAndNoticesABranchDeletedOnTheRemote() {
        String head = branch(false);
        String moved = remote.on("main", "main").commit("docs/notes.md", "notes\n", "docs: notes").push().head();
        String more = remote.on("chant/2026-12-04-001-abc", "chant/2026-12-04-001-abc")
                .commit("kv/store.py", "lock = 2\n", "more").push().head();

        repository.fetch("main", "chant/2026-12-04-001-abc");
        assertEquals(moved, main());
        assertEquals(more, repository.remoteHead("chant/2026-12-04-001-abc").orElseThrow());
        assertFalse(head.equals(more));

        remote.inRemote("update-ref", "-d", "refs/heads/chant/2026-12-04-001-abc");
        repository.fetch("main", "chant/2026-12-04-001-abc");
        assertTrue(repository.remoteHead("chant/2026-12-04-001-abc").isEmpty(), "the deleted branch is gone here too");
        assertEquals(moved, main());
    }

    @Test
    void mergeBaseIsTheCommonAncestorAndEmptyForUnrelatedHistories() {
        String head = branch(true);
        String base = repository.mergeBase(main(), head).orElseThrow();
        assertEquals(remote.inRemote("rev-parse", head + "^"), base);
        String orphan = Git.onPath().run(repository.dir(), "commit-tree", repository.treeOf(head), "-m", "unrelated");
        assertTrue(repository.mergeBase(main(), orphan).isEmpty());
    }
}
