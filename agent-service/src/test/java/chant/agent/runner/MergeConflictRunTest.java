package chant.agent.runner;

import static chant.agent.testing.GitRepositories.git;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.agent.testing.SyncOutput;
import chant.v1.ClaimRunResponse;
import chant.v1.ListRunsRequest;
import chant.v1.Run;
import chant.v1.RunKind;
import chant.v1.RunStatus;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merge-conflict runs end to end: the real runner, the demo agent in the real sandbox, a real bare remote
 * whose spec branch conflicts with main. The run rebases the branch onto main, the agent resolves the
 * conflict, the runner finishes the rebase and pushes the rebased branch, which merge-tree then merges
 * cleanly; markers left by the agent fail the run with nothing pushed; a branch that moved during the run is
 * never overwritten.
 */
@QuarkusTest
class MergeConflictRunTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-004-m3c";
    private static final String BRANCH = "chant/" + SPEC;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ScriptedSpecService specService = ScriptedSpecServiceResource.server();

    @TempDir
    Path dir;

    /** A remote where {@code chant/<spec>} and main both changed notes/shared.txt since the branch left main. */
    private Path conflictingRemote() throws Exception {
        Path remote = GitRepositories.remoteWithMain(dir);
        Path work = dir.resolve("work-" + System.nanoTime());
        git(dir, "clone", "-q", remote.toString(), work.toString());
        Files.createDirectories(work.resolve("notes"));
        Files.writeString(work.resolve("notes/shared.txt"), "the base\n");
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "shared notes");
        git(work, "push", "-q", "origin", "main");
        git(work, "checkout", "-q", "-b", BRANCH);
        Files.writeString(work.resolve("notes/shared.txt"), "from the branch\n");
        Files.writeString(work.resolve("notes/branch.txt"), "the spec's own file\n");
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "chant(" + SPEC + "): the spec's work");
        git(work, "push", "-q", "origin", BRANCH);
        git(work, "checkout", "-q", "main");
        Files.writeString(work.resolve("notes/shared.txt"), "from main\n");
        git(work, "commit", "-q", "-am", "main moves on");
        git(work, "push", "-q", "origin", "main");
        return remote;
    }

    /** The spec as merge-service leaves a conflicting one: needs_attention, with its branch and commit. */
    private String conflictingSpec(Path remote, String body) throws Exception {
        String project = newProject();
        specService.setRepository(project, remote.toString());
        specService.setBody(project, SPEC, body);
        specService.setBranch(project, SPEC, BRANCH, List.of(head(remote, BRANCH)));
        specService.setStatus(project, SPEC, SpecStatus.SPEC_STATUS_NEEDS_ATTENTION);
        return project;
    }

    private static String head(Path remote, String branch) throws Exception {
        return git(remote, "rev-parse", "refs/heads/" + branch).strip();
    }

    @Test
    void theAgentResolvesTheConflictAndTheRebasedBranchMergesCleanly() throws Exception {
        Path remote = conflictingRemote();
        String oldHead = head(remote, BRANCH);
        String project = conflictingSpec(remote, """
                The notes.

                ```chant-demo
                write notes/shared.txt
                from main
                from the branch
                end
                ```
                """);

        Run run = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_MERGE_CONFLICT)
                .setTargetBranch("main"));
        assertEquals(RunKind.RUN_KIND_MERGE_CONFLICT, run.getKind());
        assertEquals("main", run.getTargetBranch());
        assertEquals("merge-conflict", run.getPrompt());
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, specService.spec(project, SPEC).getStatus());

        SyncOutput output = new SyncOutput();
        assertEquals(Runner.DONE, runner(claim("runner-1"), dir.resolve("work-root"), output.stream()));
        String printed = output.text();
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, ended.getStatus(), printed);

        String newHead = head(remote, BRANCH);
        assertNotEquals(oldHead, newHead, "the rebased branch is pushed");
        assertEquals(newHead, ended.getHeadCommit());
        git(remote, "merge-base", "--is-ancestor", head(remote, "main"), newHead);
        // What merge-service does next: merge-tree finds no conflict.
        Process mergeTree = new ProcessBuilder("git", "-C", remote.toString(), "merge-tree", "--write-tree", "main",
                BRANCH).redirectErrorStream(true).start();
        String tree = new String(mergeTree.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, mergeTree.waitFor(), tree);
        assertEquals("from main\nfrom the branch\n", git(remote, "show", BRANCH + ":notes/shared.txt"));
        assertEquals("the spec's own file\n", git(remote, "show", BRANCH + ":notes/branch.txt"));
        assertEquals("chant(" + SPEC + "): the spec's work\n", git(remote, "log", "-1", "--format=%s", BRANCH),
                "the spec's commit is replayed, not squashed or merged");

        awaitSpecStatus(project, SPEC, SpecStatus.SPEC_STATUS_COMPLETED);
        Spec spec = specService.spec(project, SPEC);
        assertEquals(List.of(newHead), spec.getCommitsList(), "the rebased commits replace the old ones");
        assertEquals(BRANCH, spec.getBranch());
        assertTrue(printed.contains("chant: round 1: the rebase stopped at " + oldHead.substring(0, 12)
                + " with conflicts in notes/shared.txt"), printed);
        assertTrue(printed.contains("[demo agent]"), printed);
        assertTrue(ended.getEndReason().startsWith("rebased " + BRANCH + " onto main"), ended.getEndReason());
        assertFalse(Files.exists(dir.resolve("work-root").resolve("chant-" + project + "-" + SPEC)),
                "the checkout is removed once pushed");
    }

    @Test
    void markersLeftFailTheRunAndNothingIsPushed() throws Exception {
        Path remote = conflictingRemote();
        String oldHead = head(remote, BRANCH);
        String project = conflictingSpec(remote, "An agent that does nothing.\n");

        Run run = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_MERGE_CONFLICT)
                .setTargetBranch("main"));
        SyncOutput output = new SyncOutput();
        assertEquals(Runner.DONE, runner(claim("runner-1"), dir.resolve("work-root"), output.stream()));

        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_FAILED, ended.getStatus(), output.text());
        assertTrue(ended.getEndReason().startsWith("conflict markers remain in notes/shared.txt after round 1"),
                ended.getEndReason());
        assertEquals(oldHead, head(remote, BRANCH), "nothing was pushed");
        assertFalse(ended.getKeptCheckout().isEmpty());
        assertTrue(Files.readString(Path.of(ended.getKeptCheckout()).resolve("notes/shared.txt")).contains("<<<<<<< "),
                "the checkout is kept as the conflict left it");
        awaitSpecStatus(project, SPEC, SpecStatus.SPEC_STATUS_NEEDS_ATTENTION);
        assertEquals(List.of(oldHead), specService.spec(project, SPEC).getCommitsList());
    }

    @Test
    void aBranchThatMovedDuringTheRunIsNeverOverwritten() throws Exception {
        Path remote = conflictingRemote();
        String project = conflictingSpec(remote, """
                ```chant-demo
                write notes/shared.txt
                resolved
                end
                sleep 3
                ```
                """);
        Run run = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_MERGE_CONFLICT)
                .setTargetBranch("main"));
        ClaimRunResponse claim = claim("runner-1");
        SyncOutput output = new SyncOutput();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> runner(claim, dir.resolve("work-root"), output.stream()));

        // While the agent works, someone pushes to the spec's branch.
        await().atMost(DEADLINE).until(() -> output.text().contains("wrote notes/shared.txt"));
        Path other = dir.resolve("other");
        git(dir, "clone", "-q", "--branch", BRANCH, remote.toString(), other.toString());
        Files.writeString(other.resolve("notes/later.txt"), "pushed meanwhile\n");
        git(other, "add", "-A");
        git(other, "commit", "-q", "-m", "a later commit");
        git(other, "push", "-q", "origin", BRANCH);
        String moved = head(remote, BRANCH);

        assertEquals(Runner.DONE, running.get());
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_FAILED, ended.getStatus(), output.text());
        assertTrue(ended.getEndReason().startsWith("branch " + BRANCH + " moved on the remote while its conflicts were"
                + " resolved"), ended.getEndReason());
        assertEquals(moved, head(remote, BRANCH), "the later commit is kept");
        awaitSpecStatus(project, SPEC, SpecStatus.SPEC_STATUS_NEEDS_ATTENTION);
    }

    @Test
    void onlyASpecWhoseWorkIsDoneAndHasABranchIsResolved() throws Exception {
        String project = newProject();
        specService.spec(project, "pending-one");
        specService.setStatus(project, "no-branch", SpecStatus.SPEC_STATUS_COMPLETED);

        assertEquals("spec pending-one is pending: a merge conflict is resolved only on a spec whose work is done"
                + " (completed, or needs_attention after a conflict); finish its work first (chant work)",
                assertStatus(Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "pending-one",
                        r -> r.setKind(RunKind.RUN_KIND_MERGE_CONFLICT).setTargetBranch("main"))));
        assertEquals("spec no-branch has no branch: there is nothing to rebase; work it first (chant work) so that its"
                + " branch is pushed", assertStatus(Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "no-branch",
                        r -> r.setKind(RunKind.RUN_KIND_MERGE_CONFLICT).setTargetBranch("main"))));
        assertEquals("target_branch is required for a merge-conflict run: name the branch the spec's branch is rebased"
                + " onto (for example main)", assertStatus(Status.Code.INVALID_ARGUMENT, () -> enqueue(project,
                        "no-branch", r -> r.setKind(RunKind.RUN_KIND_MERGE_CONFLICT))));
        assertEquals("target_branch is only for a merge-conflict run (kind MERGE_CONFLICT): leave it empty for a work"
                + " run", assertStatus(Status.Code.INVALID_ARGUMENT, () -> enqueue(project, "no-branch",
                        r -> r.setTargetBranch("main"))));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> enqueue(project, "no-branch",
                r -> r.setKind(RunKind.RUN_KIND_MERGE_CONFLICT).setTargetBranch("main").setPrompt("standard")))
                .startsWith("prompt `standard` cannot be given for a merge-conflict run"));
        assertEquals(0, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount());
    }

    @Test
    void aMergeConflictRunCancelledBeforeItStartedLeavesTheSpecNeedingAttention() throws Exception {
        String project = conflictingSpec(conflictingRemote(), "Nothing to do.\n");
        Run run = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_MERGE_CONFLICT)
                .setTargetBranch("main"));
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, specService.spec(project, SPEC).getStatus());

        runs.cancelRun(chant.v1.CancelRunRequest.newBuilder().setRunId(run.getId()).build());

        awaitSpecStatus(project, SPEC, SpecStatus.SPEC_STATUS_NEEDS_ATTENTION);
        assertEquals(RunStatus.RUN_STATUS_CANCELLED, get(run.getId()).getStatus());
    }

    private int runner(ClaimRunResponse claim, Path workRoot, PrintStream output) {
        return InProcessRunner.run(claim, InProcessRunner.testAgentServer(), "localhost:" + specService.port(), workRoot,
                Map.of(), Duration.ofSeconds(10), output);
    }
}
