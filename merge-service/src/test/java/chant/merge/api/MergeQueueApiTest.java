package chant.merge.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.queue.Checkpoints;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.RecordMergeRequest;
import chant.v1.SpecStatus;
import chant.v1.TransitionSpecRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue merges what was submitted, through the public API, against real remotes. */
@QuarkusTest
class MergeQueueApiTest extends MergeApiTestBase {

    @Inject
    Checkpoints checkpoints;

    @Inject
    chant.merge.queue.QueueDispatcher dispatcher;

    @AfterEach
    void noHooks() {
        dispatcher.resume();
        checkpoints.reset();
        specs.setDown(false);
        specs.setRecordMergeDown(false);
    }

    MergeRequest awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MergeStatus s = get(id).getStatus();
            return s == MergeStatus.MERGE_STATUS_DONE || s == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return get(id);
    }

    static List<MergeOutcome> outcomes(MergeRequest m) {
        return m.getItemsList().stream().map(MergeItem::getOutcome).toList();
    }

    List<RecordMergeRequest> recorded() {
        return specs.merges().stream().filter(r -> r.getProject().equals(project)).toList();
    }

    @Test
    void specsAreMergedInOrderAndEachMergeIsRecordedOnItsSpec() {
        String h2 = finished("m2", "b.txt", "b\n");
        specs.change(project, "m2", b -> b.addDependsOn("m1"));
        String h1 = finished("m1", "a.txt", "a\n");

        MergeRequest submitted = merges.submitMerge(submit("m2", "m1").setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE)
                .build()).getMerge();
        assertEquals(MergeStatus.MERGE_STATUS_QUEUED, submitted.getStatus());
        MergeRequest m = awaitEnd(submitted.getId());

        assertEquals(MergeStatus.MERGE_STATUS_DONE, m.getStatus());
        assertEquals(List.of("m1", "m2"), m.getItemsList().stream().map(MergeItem::getSpecId).toList());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED, MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        MergeItem first = m.getItems(0);
        MergeItem second = m.getItems(1);
        assertEquals(first.getTargetAfter(), second.getTargetBefore(), "the second merged onto the first");
        assertEquals(second.getTargetAfter(), remote.branch("main"));
        assertEquals(remote.inRemote("log", "-1", "--format=%s", first.getMergeCommit()), "Merge chant/m1");
        assertEquals(h1, remote.inRemote("rev-parse", first.getMergeCommit() + "^2"));
        assertEquals(h2, remote.inRemote("rev-parse", second.getMergeCommit() + "^2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded().size() == 2);
        assertEquals(List.of("m1", "m2"), recorded().stream().map(RecordMergeRequest::getId).toList());
        assertEquals(first.getMergeCommit(), recorded().get(0).getMergeCommit());
        assertEquals("main", recorded().get(0).getInto());
        assertEquals(first.getMergeCommit(), specs.spec(project, "m1").getMergeCommit());
        // RecordMerge came from merge-service (its own token), for the requester alice.
        List<chant.merge.testing.ServiceCalls.Call> records = specs.calls(project).stream()
                .filter(c -> c.rpc().equals("RecordMerge")).toList();
        assertTrue(records.size() >= 2, records.toString());
        assertTrue(records.stream().allMatch(c -> c.principal().subject().equals("merge-service")
                && c.onBehalfOf().equals(java.util.Optional.of("alice"))), records.toString());

        MergeRequest again = awaitEnd(merges.submitMerge(submit("m1").build()).getMerge().getId());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ALREADY_MERGED), outcomes(again),
                "a repeated request is harmless");
        assertEquals(MergeStatus.MERGE_STATUS_DONE, again.getStatus());
    }

    @Test
    void aConflictStopsTheRequestKeepsTheBranchAndTheSpecNeedsAttention() {
        remote.on("chant/c1", "main").commit("README.md", "theirs\n", "chant(c1): readme").push();
        remote.on("main", "main").commit("README.md", "ours\n", "readme on main").push();
        specs.completed(project, "c1", "chant/c1");
        finished("c2", "b.txt", "b\n");
        String mainBefore = remote.branch("main");

        MergeRequest m = awaitEnd(merges.submitMerge(submit("c1", "c2").build()).getMerge().getId());

        assertEquals(MergeStatus.MERGE_STATUS_STOPPED, m.getStatus());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_CONFLICT, MergeOutcome.MERGE_OUTCOME_SKIPPED), outcomes(m));
        assertEquals(List.of("README.md"), m.getItems(0).getConflictFilesList());
        assertTrue(m.getItems(1).getReason().contains("c1"), m.getItems(1).getReason());
        assertEquals(mainBefore, remote.branch("main"), "the target did not move");
        assertFalse(remote.branch("chant/c1").isEmpty(), "the conflicting branch is kept");
        List<TransitionSpecRequest> moved = specs.transitions().stream()
                .filter(t -> t.getProject().equals(project)).toList();
        assertEquals(1, moved.size());
        assertEquals(SpecStatus.SPEC_STATUS_NEEDS_ATTENTION, moved.get(0).getTo());
        assertTrue(moved.get(0).getReason().contains("README.md"), moved.get(0).getReason());

        specs.change(project, "c1", b -> b.setStatus(SpecStatus.SPEC_STATUS_COMPLETED));
        MergeRequest going = awaitEnd(merges.submitMerge(submit("c1", "c2").setContinueOnError(true).build())
                .getMerge().getId());
        assertEquals(MergeStatus.MERGE_STATUS_DONE, going.getStatus());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_CONFLICT, MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(going));
    }

    @Test
    void deleteBranchRemovesTheMergedBranchFromTheRemote() {
        String head = finished("x1", "a.txt", "a\n");
        MergeRequest m = awaitEnd(merges.submitMerge(submit("x1").setDeleteBranch(true).build()).getMerge().getId());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        assertEquals(head, remote.branch("main"), "auto fast-forwards when main has not moved");
        assertEquals(head, m.getItems(0).getMergeCommit());
        await().atMost(Duration.ofSeconds(30)).until(() -> remote.branch("chant/x1").isEmpty());
    }

    @Test
    void aMergeSpecServiceCouldNotBeToldIsToldWhenItIsBack() {
        finished("o1", "a.txt", "a\n");
        checkpoints.afterPush((mergeId, specId) -> specs.setDown(true));

        MergeRequest m = awaitEnd(merges.submitMerge(submit("o1").build()).getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        assertTrue(recorded().isEmpty());
        checkpoints.reset();
        specs.setDown(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded().size() == 1);
        assertEquals(m.getItems(0).getMergeCommit(), recorded().get(0).getMergeCommit());
    }

    @Test
    void aSquashRequestedAgainBeforeSpecServiceRecordedTheFirstIsAlreadyMerged() {
        finished("q1", "a.txt", "a\n");
        remote.on("main", "main").commit("other.txt", "other\n", "main moved on").push();
        specs.setRecordMergeDown(true);

        MergeRequest first = awaitEnd(merges.submitMerge(submit("q1").setStrategy(MergeStrategy.MERGE_STRATEGY_SQUASH)
                .build()).getMerge().getId());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(first));
        String squashed = first.getItems(0).getMergeCommit();
        assertEquals(squashed, remote.branch("main"));
        assertTrue(recorded().isEmpty(), "spec-service does not know of the merge yet");

        MergeRequest again = awaitEnd(merges.submitMerge(submit("q1").setStrategy(MergeStrategy.MERGE_STRATEGY_SQUASH)
                .build()).getMerge().getId());

        assertEquals(MergeStatus.MERGE_STATUS_DONE, again.getStatus());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ALREADY_MERGED), outcomes(again),
                "the squash is on main although the branch's commits are not: " + again.getItems(0).getReason());
        assertTrue(again.getItems(0).getReason().contains(squashed), again.getItems(0).getReason());
        assertEquals(squashed, remote.branch("main"), "no second squash commit");

        specs.setRecordMergeDown(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded().size() == 1);
        assertEquals(squashed, specs.spec(project, "q1").getMergeCommit());
    }

    @Test
    void aRequestWaitsWhileSpecServiceIsAwayAndIsMergedWhenItIsBack() throws Exception {
        finished("a1", "a.txt", "a\n");
        dispatcher.pause();
        long id = merges.submitMerge(submit("a1").build()).getMerge().getId();
        specs.setDown(true);
        dispatcher.resume();

        await().atMost(Duration.ofSeconds(30)).until(() -> lastFailure().contains("spec-service"));
        MergeRequest waiting = get(id);
        assertFalse(waiting.getStatus() == MergeStatus.MERGE_STATUS_DONE, "nothing was decided while it was away");
        assertEquals(MergeOutcome.MERGE_OUTCOME_PENDING, waiting.getItems(0).getOutcome());

        specs.setDown(false);
        MergeRequest m = awaitEnd(id);
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        assertEquals(m.getItems(0).getTargetAfter(), remote.branch("main"));
    }

    @Test
    void aProjectThatLostItsRepositoryRefusesItsWaitingSpecsInsteadOfRetryingForever() {
        finished("g1", "a.txt", "a\n");
        finished("g2", "b.txt", "b\n");
        dispatcher.pause();
        long id = merges.submitMerge(submit("g1", "g2").setContinueOnError(true).build()).getMerge().getId();
        specs.project(project, "");
        dispatcher.resume();

        MergeRequest m = awaitEnd(id);

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_REFUSED, MergeOutcome.MERGE_OUTCOME_REFUSED), outcomes(m));
        assertTrue(m.getItems(0).getReason().contains("has no repository"), m.getItems(0).getReason());
    }
}
