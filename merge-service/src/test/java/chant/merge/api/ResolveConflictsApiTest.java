package chant.merge.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.testing.Remote;
import chant.merge.testing.ScriptedAgentService;
import chant.merge.testing.ScriptedSpecServiceResource;
import chant.support.testing.GrpcAssertions;
import chant.v1.EnqueueRunRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.RunKind;
import chant.v1.RunStatus;
import chant.v1.SpecStatus;
import chant.v1.TransitionSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SubmitMerge with resolve, through the public API, against real remotes and a scripted agent-service (the
 * test plays the merge-conflict run): a conflict starts one run and the request waits for it without holding
 * the queue; a run that resolves the conflict gets the spec merged; one that fails leaves it CONFLICT with
 * the run's reason; a lost answer or a later look at the queue never starts a second run.
 */
@QuarkusTest
class ResolveConflictsApiTest extends MergeApiTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ScriptedAgentService agents = ScriptedSpecServiceResource.agents();

    /** Spec r1 whose branch changes README.md, while main changed it too. */
    private void conflicting(String id) {
        remote.on("chant/" + id, "main").commit("README.md", "the branch's readme\n", "chant(" + id + "): readme").push();
        remote.on("main", "main").commit("README.md", "main's readme\n", "readme on main").push();
        specs.completed(project, id, "chant/" + id);
    }

    private MergeItem awaitResolving(long mergeId) {
        await().atMost(DEADLINE).until(() -> get(mergeId).getItems(0).getResolveRunId() != 0);
        return get(mergeId).getItems(0);
    }

    private MergeRequest awaitEnd(long id) {
        await().atMost(DEADLINE).until(() -> {
            MergeStatus s = get(id).getStatus();
            return s == MergeStatus.MERGE_STATUS_DONE || s == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return get(id);
    }

    @Test
    void aConflictStartsOneRunAndTheResolvedBranchIsMerged() {
        conflicting("r1");
        String mainBefore = remote.branch("main");

        MergeRequest submitted = merges.submitMerge(submit("r1").setResolve(true).build()).getMerge();
        assertTrue(submitted.getResolve());
        MergeItem waiting = awaitResolving(submitted.getId());
        assertEquals(MergeOutcome.MERGE_OUTCOME_RESOLVING, waiting.getOutcome());
        assertEquals(List.of("README.md"), waiting.getConflictFilesList());
        assertEquals(1, waiting.getResolveAttempts());
        assertEquals("conflicts in README.md with main; merge-conflict run " + waiting.getResolveRunId()
                + " resolves them", waiting.getReason());
        List<EnqueueRunRequest> asked = agents.enqueues(project);
        assertEquals(1, asked.size());
        assertEquals(RunKind.RUN_KIND_MERGE_CONFLICT, asked.get(0).getKind());
        assertEquals("main", asked.get(0).getTargetBranch());
        assertEquals("r1", asked.get(0).getSpecId());
        assertEquals("merge-" + submitted.getId() + "-r1-resolve-1", asked.get(0).getRequestId());
        List<TransitionSpecRequest> moved = specs.transitions().stream().filter(t -> t.getProject().equals(project))
                .toList();
        assertEquals(SpecStatus.SPEC_STATUS_NEEDS_ATTENTION, moved.get(0).getTo());

        // The queue is not held while it waits: another project's request is merged meanwhile.
        String other = project + "-other";
        Remote otherRemote = newRemote();
        specs.project(other, otherRemote.url());
        otherRemote.on("chant/o1", "main").commit("o.txt", "o\n", "chant(o1): o").push();
        otherRemote.on("main", "main");
        specs.completed(other, "o1", "chant/o1");
        MergeRequest meanwhile = awaitEnd(merges.submitMerge(chant.v1.SubmitMergeRequest.newBuilder().setProject(other)
                .addSpecIds("o1").build()).getMerge().getId());
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, meanwhile.getItems(0).getOutcome());
        assertEquals(MergeStatus.MERGE_STATUS_RUNNING, get(submitted.getId()).getStatus());

        // The run does what a merge-conflict run does: rebases the branch onto main with the conflict resolved.
        remote.anew("chant/r1", "origin/main").commit("README.md", "main's readme\nthe branch's readme\n",
                "chant(r1): readme").forcePush();
        remote.on("main", "main");
        specs.change(project, "r1", b -> b.setStatus(SpecStatus.SPEC_STATUS_COMPLETED));
        agents.finish(waiting.getResolveRunId(), RunStatus.RUN_STATUS_SUCCEEDED, "rebased chant/r1 onto main",
                "completed");

        MergeRequest m = awaitEnd(submitted.getId());
        assertEquals(MergeStatus.MERGE_STATUS_DONE, m.getStatus());
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, m.getItems(0).getOutcome(), m.getItems(0).getReason());
        assertNotEquals(mainBefore, remote.branch("main"));
        assertEquals("main's readme\nthe branch's readme\n", remote.inRemote("show", "main:README.md") + "\n");
        assertEquals(waiting.getResolveRunId(), m.getItems(0).getResolveRunId());
        assertEquals(1, agents.runsOf(project).size(), "one run");
        // agent-service was asked as merge-service, for the requester (who it records as the run's creator).
        List<chant.merge.testing.ServiceCalls.Call> calls = agents.calls(project);
        assertEquals(List.of("EnqueueRun"), calls.stream().map(chant.merge.testing.ServiceCalls.Call::rpc).toList());
        assertEquals("merge-service", calls.get(0).principal().subject());
        assertEquals(java.util.Optional.of("alice"), calls.get(0).onBehalfOf());
    }

    @Test
    void aRunThatFailsLeavesTheSpecConflictingWithTheRunsReason() {
        conflicting("r2");
        String mainBefore = remote.branch("main");
        MergeRequest submitted = merges.submitMerge(submit("r2").setResolve(true).build()).getMerge();
        MergeItem waiting = awaitResolving(submitted.getId());

        agents.finish(waiting.getResolveRunId(), RunStatus.RUN_STATUS_FAILED, "conflict markers remain in README.md"
                + " after round 1", "needs_attention");

        MergeRequest m = awaitEnd(submitted.getId());
        assertEquals(MergeStatus.MERGE_STATUS_STOPPED, m.getStatus());
        assertEquals(MergeOutcome.MERGE_OUTCOME_CONFLICT, m.getItems(0).getOutcome());
        assertEquals("merge-conflict run " + waiting.getResolveRunId() + " failed: conflict markers remain in README.md"
                + " after round 1", m.getItems(0).getReason());
        assertEquals(List.of("README.md"), m.getItems(0).getConflictFilesList());
        assertEquals(mainBefore, remote.branch("main"), "the target did not move");
        assertEquals(1, agents.runsOf(project).size());
    }

    @Test
    void aLostAnswerAndEveryLaterLookAtTheQueueNeverStartASecondRun() {
        conflicting("r3");
        // agent-service starts the run but its answer is lost: the queue gives up and asks again later, with the
        // same request ID, so it gets the same run.
        agents.loseNextAnswers(1);
        MergeRequest submitted = merges.submitMerge(submit("r3").setResolve(true).build()).getMerge();
        MergeItem waiting = awaitResolving(submitted.getId());
        assertEquals(2, agents.enqueues(project).size(), "asked twice");
        assertEquals(1, agents.runsOf(project).size(), "one run");
        assertEquals(agents.runsOf(project).get(0).getId(), waiting.getResolveRunId());

        // Every look at the waiting queue is a new claim of it that reads the run again: none asks for another.
        int reads = agents.reads();
        await().atMost(DEADLINE).until(() -> agents.reads() >= reads + 3);
        assertEquals(2, agents.enqueues(project).size());
        assertEquals(MergeOutcome.MERGE_OUTCOME_RESOLVING, get(submitted.getId()).getItems(0).getOutcome());

        agents.finish(waiting.getResolveRunId(), RunStatus.RUN_STATUS_CANCELLED, "cancelled by alice", "needs_attention");
        MergeRequest m = awaitEnd(submitted.getId());
        assertEquals("merge-conflict run " + waiting.getResolveRunId() + " cancelled: cancelled by alice",
                m.getItems(0).getReason());
        assertEquals(1, agents.runsOf(project).size());
    }

    @Test
    void resolveWithDryRunIsRefused() {
        assertEquals("resolve cannot be combined with dry_run: a dry run moves nothing and starts no run (drop one of"
                + " them)", GrpcAssertions.assertStatus(Status.Code.INVALID_ARGUMENT,
                        () -> merges.submitMerge(submit("x").setResolve(true).setDryRun(true).build())));
    }

    private static Remote newRemote() {
        try {
            return new Remote(Files.createTempDirectory("merge-api-other-"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
