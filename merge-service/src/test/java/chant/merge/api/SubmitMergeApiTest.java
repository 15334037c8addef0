package chant.merge.api;

import static chant.support.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.v1.ApprovalStatus;
import chant.v1.ListMergesRequest;
import chant.v1.ListMergesResponse;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.SpecStatus;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SubmitMerge, GetMerge and ListMerges through the public gRPC API, with real git and PostgreSQL. */
@QuarkusTest
class SubmitMergeApiTest extends MergeApiTestBase {

    private static List<MergeOutcome> outcomes(MergeRequest m) {
        return m.getItemsList().stream().map(MergeItem::getOutcome).toList();
    }

    @Test
    void theSpecsAreChosenInExactlyOneWay() {
        String none = assertStatus(Status.Code.INVALID_ARGUMENT, () -> merges.submitMerge(submit().build()));
        assertTrue(none.contains("spec_ids, label and all: none was given"), none);
        String two = assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> merges.submitMerge(submit("a").setAll(true).build()));
        assertTrue(two.contains("more than one was given"), two);
        String target = assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> merges.submitMerge(submit("a").setTargetBranch("ma..in").build()));
        assertTrue(target.contains("target_branch"), target);
        String project = assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> merges.submitMerge(submit("a").setProject("").build()));
        assertTrue(project.contains("project is required"), project);
    }

    @Test
    void anUnknownProjectOrSpecIsNotFoundAndNothingIsStored() {
        assertStatus(Status.Code.NOT_FOUND, () -> merges.submitMerge(submit("a").setProject("nope-" + project).build()));
        String spec = assertStatus(Status.Code.NOT_FOUND, () -> merges.submitMerge(submit("missing").build()));
        assertTrue(spec.contains("missing"), spec);
        assertEquals(0, merges.listMerges(ListMergesRequest.newBuilder().setProject(project).build()).getMergesCount());
    }

    @Test
    void specsThatCannotBeMergedAreRefusedWithTheReasonBeforeAnythingIsTouched() {
        finished("s1", "a.txt", "a\n");
        specs.change(project, "s1", b -> b.setStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS));
        finished("s2", "b.txt", "b\n");
        specs.approval(project, "s2", ApprovalStatus.APPROVAL_STATUS_PENDING);
        specs.completed(project, "s3", "");
        String mainBefore = remote.branch("main");

        MergeRequest m = merges.submitMerge(submit("s1", "s2", "s3").setContinueOnError(true).build()).getMerge();

        assertEquals(List.of("s1", "s2", "s3"), m.getItemsList().stream().map(MergeItem::getSpecId).toList());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_REFUSED, MergeOutcome.MERGE_OUTCOME_REFUSED,
                MergeOutcome.MERGE_OUTCOME_REFUSED), outcomes(m));
        assertTrue(m.getItems(0).getReason().contains("is in_progress, not completed"), m.getItems(0).getReason());
        assertTrue(m.getItems(1).getReason().contains("requires approval"), m.getItems(1).getReason());
        assertTrue(m.getItems(2).getReason().contains("has no branch"), m.getItems(2).getReason());
        assertEquals(MergeStatus.MERGE_STATUS_DONE, m.getStatus(), "nothing is left to do: the request ends at once");
        assertTrue(m.hasEndTime());
        assertEquals("alice", m.getRequestedBy());
        assertEquals(mainBefore, remote.branch("main"));

        MergeRequest stopped = merges.submitMerge(submit("s1").build()).getMerge();
        assertEquals(MergeStatus.MERGE_STATUS_STOPPED, stopped.getStatus());
    }

    @Test
    void aDryRunWorksOutEveryOutcomeInOrderAndMovesNothing() {
        finished("d3", "c.txt", "c\n");
        specs.change(project, "d3", b -> b.addDependsOn("d1"));
        finished("d1", "a.txt", "a\n");
        remote.on("chant/d2", "main").commit("README.md", "theirs\n", "chant(d2): readme").push();
        remote.on("main", "main").commit("README.md", "ours\n", "readme on main").push();
        specs.completed(project, "d2", "chant/d2");
        String mainBefore = remote.branch("main");

        MergeRequest m = merges.submitMerge(submit("d3", "d2", "d1").setDryRun(true)
                .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE).build()).getMerge();

        assertEquals(List.of("d1", "d2", "d3"), m.getItemsList().stream().map(MergeItem::getSpecId).toList(),
                "dependencies first, then ID order");
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGEABLE, MergeOutcome.MERGE_OUTCOME_CONFLICT,
                MergeOutcome.MERGE_OUTCOME_MERGEABLE), outcomes(m));
        assertEquals(List.of("README.md"), m.getItems(1).getConflictFilesList());
        assertEquals(MergeStatus.MERGE_STATUS_DONE, m.getStatus());
        assertTrue(m.getDryRun());
        assertEquals("main", m.getTargetBranch());
        assertEquals(mainBefore, remote.branch("main"), "a dry run moves nothing");
        assertTrue(specs.transitions().stream().noneMatch(t -> t.getProject().equals(project)),
                "a dry run changes no spec");
        assertEquals(m, get(m.getId()));
    }

    @Test
    void aLabelSelectsItsCompletedSpecsWithAnUnmergedBranch() {
        finished("l1", "a.txt", "a\n", "issue-7");
        finished("l2", "b.txt", "b\n", "issue-7");
        specs.change(project, "l2", b -> b.setMergeCommit("0".repeat(40)));
        finished("l3", "c.txt", "c\n", "other");
        specs.completed(project, "l4", "", "issue-7");

        MergeRequest m = merges.submitMerge(SubmitMergeRequestOf.label(project, "issue-7")).getMerge();

        assertEquals(List.of("l1"), m.getItemsList().stream().map(MergeItem::getSpecId).toList());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGEABLE), outcomes(m));
    }

    @Test
    void aRetryWithTheSameRequestIdGetsTheSameRequest() {
        finished("r1", "a.txt", "a\n");
        MergeRequest first = merges.submitMerge(submit("r1").setDryRun(true).setRequestId("req-1").build()).getMerge();
        MergeRequest again = merges.submitMerge(submit("r1").setDryRun(true).setRequestId("req-1").build()).getMerge();
        assertEquals(first.getId(), again.getId());
        String bad = assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> merges.submitMerge(submit("r1").setRequestId("has blank").build()));
        assertTrue(bad.contains("request_id"), bad);
    }

    @Test
    void concurrentSubmissionsWithOneRequestIdCreateOneRequest() throws Exception {
        finished("q1", "a.txt", "a\n");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Long>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(pool.submit(() -> merges.submitMerge(submit("q1").setDryRun(true).setRequestId("same-key")
                        .build()).getMerge().getId()));
            }
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Long> id : ids) {
                distinct.add(id.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "every retry got the first request");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, merges.listMerges(ListMergesRequest.newBuilder().setProject(project).build()).getMergesCount());
    }

    @Test
    void spec_serviceAwayIsUnavailableAndStoresNothing() {
        finished("u1", "a.txt", "a\n");
        specs.setDown(true);
        try {
            assertStatus(Status.Code.UNAVAILABLE, () -> merges.submitMerge(submit("u1").build()));
        } finally {
            specs.setDown(false);
        }
        assertEquals(0, merges.listMerges(ListMergesRequest.newBuilder().setProject(project).build()).getMergesCount());
    }

    @Test
    void listMergesIsNewestFirstAPageAtATime() {
        finished("p1", "a.txt", "a\n");
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = merges.submitMerge(submit("p1").setDryRun(true).build()).getMerge().getId();
        }
        ListMergesResponse page1 = merges.listMerges(ListMergesRequest.newBuilder().setProject(project).setPageSize(2)
                .build());
        assertEquals(List.of(ids[2], ids[1]), page1.getMergesList().stream().map(MergeRequest::getId).toList());
        assertFalse(page1.getNextPageToken().isEmpty());
        ListMergesResponse page2 = merges.listMerges(ListMergesRequest.newBuilder().setProject(project).setPageSize(2)
                .setPageToken(page1.getNextPageToken()).build());
        assertEquals(List.of(ids[0]), page2.getMergesList().stream().map(MergeRequest::getId).toList());
        assertEquals("", page2.getNextPageToken());
        assertEquals(1, page2.getMerges(0).getItemsCount());

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> merges.listMerges(ListMergesRequest.newBuilder()
                .setPageSize(1001).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> merges.listMerges(ListMergesRequest.newBuilder()
                .setProject("other").setPageToken(page1.getNextPageToken()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> get(999_999_999L));
    }

    /** A dry run of a label, so that it ends at once. */
    private static final class SubmitMergeRequestOf {
        static chant.v1.SubmitMergeRequest label(String project, String label) {
            return chant.v1.SubmitMergeRequest.newBuilder().setProject(project).setLabel(label).setDryRun(true).build();
        }
    }
}
