package chant.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.ClaimRunResponse;
import chant.v1.FinishRunRequest;
import chant.v1.ListRunsRequest;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunSpecResult;
import chant.v1.SpecEnd;
import chant.v1.SpecStatus;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * agent-service and spec-service: a run starts only on a ready spec and moves it to in_progress;
 * its end reaches the spec (body, commits, branch, status with the reason), also when spec-service
 * was unreachable at that moment.
 */
@QuarkusTest
class SpecResultsApiTest extends RunApiTestBase {

    private final ScriptedSpecService specService = ScriptedSpecServiceResource.server();

    @AfterEach
    void specServiceBack() {
        specService.setDown(false);
    }

    @Test
    void aSpecThatWaitsIsRefusedAndNothingIsStored() {
        String project = newProject();
        specService.waitsFor(project, "s-1", "depends on s-0 (in_progress)");

        String message = assertStatus(Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "s-1"));

        assertEquals("spec s-1 is not ready: depends on s-0 (in_progress): a run starts only on a ready spec"
                + " (chant ready lists them)", message);
        assertEquals(0, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, specService.spec(project, "s-1").getStatus());
    }

    @Test
    void startingARunMovesTheSpecToInProgressWithTheRunAsReason() {
        String project = newProject();
        Run run = enqueue(project, "s-1");

        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, specService.spec(project, "s-1").getStatus());
        assertTrue(specService.transitions().stream().anyMatch(t -> t.getProject().equals(project)
                && t.getReason().equals("run " + run.getId() + " started")));
    }

    @Test
    void whenSpecServiceIsUnreachableNothingIsEnqueued() {
        String project = newProject();
        specService.setDown(true);

        String message = assertStatus(Status.Code.UNAVAILABLE, () -> enqueue(project, "s-1"));

        assertTrue(message.contains("spec-service could not be asked about the spec"), message);
        assertEquals(0, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount());
    }

    @Test
    void aSucceededRunCompletesItsSpecWithBodyCommitsAndBranch() {
        String project = newProject();
        Run run = enqueue(project, "s-1");
        ClaimRunResponse claim = claim("r1");

        finishWith(claim, RunOutcome.RUN_OUTCOME_SUCCEEDED, RunSpecResult.newBuilder()
                .setBody("## Acceptance Criteria\n\n- [x] works\n").addCommits("abc1234").addCommits("def5678")
                .setBranch("chant/s-1").setModel("demo").setEnd(SpecEnd.SPEC_END_COMPLETED).setReason("all done")
                .setCompletedAt("2026-12-03T23:59:00Z"));

        awaitSpecStatus(project, "s-1", SpecStatus.SPEC_STATUS_COMPLETED);
        UpdateSpecRequest update = lastUpdate(project);
        assertEquals("## Acceptance Criteria\n\n- [x] works\n", update.getBody());
        assertEquals(List.of("abc1234", "def5678"), update.getCommits().getValuesList());
        assertEquals("chant/s-1", update.getBranch());
        assertEquals("2026-12-03T23:59:00Z", update.getCompletedAt());
        assertEquals("run " + run.getId() + ": all done", update.getReason());
        Run after = awaitRun(run.getId(), r -> r.getSpecDelivery().equals("delivered"));
        assertEquals("completed", after.getSpecStatusAfter());
    }

    @Test
    void aResultWaitsWhileSpecServiceIsDownAndIsDeliveredWhenItIsBack() {
        String project = newProject();
        Run run = enqueue(project, "s-1");
        ClaimRunResponse claim = claim("r1");
        specService.setDown(true);

        finishWith(claim, RunOutcome.RUN_OUTCOME_FAILED, RunSpecResult.newBuilder()
                .setEnd(SpecEnd.SPEC_END_FAILED).setReason("the agent gave up"));

        assertEquals("pending", get(run.getId()).getSpecDelivery());
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, specService.spec(project, "s-1").getStatus());
        specService.setDown(false);
        awaitSpecStatus(project, "s-1", SpecStatus.SPEC_STATUS_FAILED);
        assertEquals("run " + run.getId() + ": the agent gave up", lastUpdate(project).getReason());
        assertEquals("failed", awaitRun(run.getId(), r -> r.getSpecDelivery().equals("delivered")).getSpecStatusAfter());
    }

    @Test
    void aSpecThatMayNotCompleteNeedsAttentionWithSpecServicesReason() {
        String project = newProject();
        enqueue(project, "s-1");
        ClaimRunResponse claim = claim("r1");
        specService.refuseCompletion(project, "s-1", "2 of 5 acceptance criteria are unchecked");

        finishWith(claim, RunOutcome.RUN_OUTCOME_SUCCEEDED, RunSpecResult.newBuilder().addCommits("abc1234")
                .setEnd(SpecEnd.SPEC_END_COMPLETED));

        awaitSpecStatus(project, "s-1", SpecStatus.SPEC_STATUS_NEEDS_ATTENTION);
        assertTrue(lastUpdate(project).getReason().endsWith(": 2 of 5 acceptance criteria are unchecked"),
                lastUpdate(project).getReason());
    }

    private void finishWith(ClaimRunResponse claim, RunOutcome outcome, RunSpecResult.Builder result) {
        runnerOf(claim.getRun().getId()).finishRun(FinishRunRequest.newBuilder().setRunId(claim.getRun().getId())
                .setEpoch(claim.getLease().getEpoch()).setOutcome(outcome).setSpecResult(result).build());
    }

    private UpdateSpecRequest lastUpdate(String project) {
        List<UpdateSpecRequest> updates = specService.updates().stream().filter(u -> u.getProject().equals(project)).toList();
        return updates.get(updates.size() - 1);
    }

    private Run awaitRun(long id, Predicate<Run> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Run run = get(id);
        while (!condition.test(run)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " did not reach the expected state in 30 s: " + run);
            }
            LockSupport.parkNanos(20_000_000);
            run = get(id);
        }
        return run;
    }
}
