package chant.agent.api;

import chant.v1.CancelRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.HeartbeatResponse;
import chant.v1.ListRunsRequest;
import chant.v1.ListRunsResponse;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunStatus;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import chant.agent.testing.ScriptedSpecServiceResource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EnqueueRun, GetRun, ListRuns and CancelRun over real gRPC. */
@QuarkusTest
class RunsApiTest extends RunApiTestBase {

    @Test
    void anEnqueuedRunIsQueuedWithItsFieldsAndDefaults() {
        String project = newProject();
        Run run = asUser(runs, "alice").enqueueRun(chant.v1.EnqueueRunRequest.newBuilder().setProject(project)
                .setSpecId("2026-12-03-001-abc").setPrompt("implement").setModel("sonnet").build()).getRun();

        assertTrue(run.getId() > 0);
        assertEquals(RunStatus.RUN_STATUS_QUEUED, run.getStatus());
        assertEquals(1, run.getAttempt());
        assertEquals("demo", run.getProvider(), "no model provider is configured in the tests: the demo agent");
        assertEquals("local", run.getBackend());
        assertEquals("implement", run.getPrompt());
        assertEquals("sonnet", run.getModel());
        assertEquals(3600, run.getTimeoutSeconds());
        assertEquals("alice", run.getCreatedBy());
        assertEquals(0, run.getLeaseEpoch());
        assertFalse(run.hasStartTime());
        assertFalse(run.hasEndTime());
        assertFalse(run.hasCostUsd());
        assertEquals(run, get(run.getId()));
    }

    @Test
    void theProjectsRunTimeoutIsTheDefaultAndTheRequestsOverridesIt() {
        String project = newProject();
        chant.agent.testing.ScriptedSpecServiceResource.server().setRunTimeout(project, 900);

        Run byProject = enqueue(project, "2026-12-03-001-abc");
        Run byRequest = enqueue(project, "2026-12-03-002-def", r -> r.setTimeoutSeconds(120));

        assertEquals(900, byProject.getTimeoutSeconds());
        assertEquals(120, byRequest.getTimeoutSeconds());
    }

    @Test
    void invalidRequestsAreRefusedNamingTheField() {
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> enqueue("", "s")).contains("project"));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> enqueue(newProject(), "")).contains("spec_id"));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> enqueue(newProject(), "s", r -> r.setTimeoutSeconds(86_401))).contains("timeout_seconds"));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> enqueue(newProject(), "s", r -> r.setProvider("Claude Code"))).contains("provider"));
        assertEquals("provider gpt does not exist: use claude, openai, command or demo", assertStatus(
                Status.Code.INVALID_ARGUMENT, () -> enqueue(newProject(), "s", r -> r.setProvider("gpt"))));
        assertStatus(Status.Code.NOT_FOUND, () -> get(987_654_321L));
    }

    @Test
    void aRetryWithTheSameRequestIdReturnsTheFirstRun() {
        String project = newProject();
        Run first = enqueue(project, "s-1", r -> r.setRequestId("req-1"));
        Run again = enqueue(project, "s-1", r -> r.setRequestId("req-1"));
        assertEquals(first.getId(), again.getId());
        assertEquals(1, list(ListRunsRequest.newBuilder().setProject(project)).getRunsCount());
    }

    @Test
    void aSpecHasAtMostOneActiveRun() {
        String project = newProject();
        Run first = enqueue(project, "s-1");
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "s-1"))
                .startsWith("spec s-1 is in_progress, not ready to work"), "spec-service says it is taken");
        // Even when spec-service is told otherwise (someone reset the spec), the database refuses a second run.
        ScriptedSpecServiceResource.server().setStatus(project, "s-1", chant.v1.SpecStatus.SPEC_STATUS_PENDING);
        String message = assertStatus(Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "s-1"));
        assertEquals("spec s-1 already has run " + first.getId() + " (queued): wait for its end or cancel it"
                + " (CancelRun) first", message);

        // Another spec, or the same spec in another project, is not affected.
        enqueue(project, "s-2");
        enqueue(newProject(), "s-1");

        // A claimed run is active too.
        ClaimRunResponse claim = claim("r1");
        assertEquals(first.getId(), claim.getRun().getId());
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "s-1"))
                .contains("already has run " + first.getId() + " (preparing)"));

        // Once it ended, the spec may run again.
        finish(first.getId(), claim.getLease().getEpoch(), RunOutcome.RUN_OUTCOME_FAILED, "tests failed");
        Run second = enqueue(project, "s-1");
        assertTrue(second.getId() > first.getId());
    }

    @Test
    void listsArePagedNewestFirstAndFiltered() {
        String project = newProject();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(enqueue(project, "s-" + i).getId());
        }
        enqueue(newProject(), "s-0");
        runs.cancelRun(CancelRunRequest.newBuilder().setRunId(ids.get(1)).build());
        runs.cancelRun(CancelRunRequest.newBuilder().setRunId(ids.get(4)).build());

        List<Long> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListRunsResponse page = list(ListRunsRequest.newBuilder().setProject(project).setPageSize(3)
                    .setPageToken(token));
            page.getRunsList().forEach(r -> seen.add(r.getId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(3, pages);
        List<Long> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);

        assertEquals(List.of(ids.get(3)), list(ListRunsRequest.newBuilder().setProject(project).setSpecId("s-3"))
                .getRunsList().stream().map(Run::getId).toList());
        assertEquals(List.of(ids.get(4), ids.get(1)), list(ListRunsRequest.newBuilder().setProject(project)
                .addStatuses(RunStatus.RUN_STATUS_CANCELLED)).getRunsList().stream().map(Run::getId).toList());
        assertEquals(5, list(ListRunsRequest.newBuilder().setProject(project)
                .addStatuses(RunStatus.RUN_STATUS_QUEUED).addStatuses(RunStatus.RUN_STATUS_RUNNING)).getRunsCount());
        assertEquals(2, list(ListRunsRequest.newBuilder().setSpecId("s-0")).getRunsCount(), "all projects");

        String firstToken = list(ListRunsRequest.newBuilder().setProject(project).setPageSize(3)).getNextPageToken();
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> list(ListRunsRequest.newBuilder().setProject(project)
                .setSpecId("s-3").setPageToken(firstToken)));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> list(ListRunsRequest.newBuilder().setPageSize(1001)));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> list(ListRunsRequest.newBuilder()
                .addStatuses(RunStatus.RUN_STATUS_UNSPECIFIED)));
    }

    @Test
    void cancellingAQueuedRunEndsItAtOnce() {
        String project = newProject();
        Run run = enqueue(project, "s-1");

        Run cancelled = asUser(runs, "bob").cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build())
                .getRun();

        assertEquals(RunStatus.RUN_STATUS_CANCELLED, cancelled.getStatus());
        assertEquals("cancelled by bob before it started", cancelled.getEndReason());
        assertTrue(cancelled.hasEndTime());
        assertFalse(claim("r1").getClaimed(), "a cancelled run is never claimed");
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> runs.cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build()))
                .contains("has already ended (cancelled)"));
        // The spec goes back to pending (the run never worked), and may then be worked again.
        awaitSpecStatus(project, "s-1", chant.v1.SpecStatus.SPEC_STATUS_PENDING);
        enqueue(project, "s-1");
        assertStatus(Status.Code.NOT_FOUND, () -> runs.cancelRun(CancelRunRequest.newBuilder().setRunId(-5).build()));
    }

    @Test
    void cancellingAClaimedRunIsAnsweredByTheNextHeartbeatAndRecordedByFinish() {
        Run run = enqueue(newProject(), "s-1");
        ClaimRunResponse claim = claim("r1");
        long epoch = claim.getLease().getEpoch();
        assertFalse(heartbeat(run.getId(), epoch).getCancelRequested());

        Run marked = asUser(runs, "carol").cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build())
                .getRun();
        assertEquals(RunStatus.RUN_STATUS_PREPARING, marked.getStatus());
        assertTrue(marked.getCancelRequested());
        assertEquals(marked, runs.cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build()).getRun(),
                "cancelling again changes nothing");

        HeartbeatResponse beat = heartbeat(run.getId(), epoch);
        assertTrue(beat.getCancelRequested());
        Run ended = finish(run.getId(), epoch, RunOutcome.RUN_OUTCOME_CANCELLED, "agent stopped");

        assertEquals(RunStatus.RUN_STATUS_CANCELLED, ended.getStatus());
        assertEquals("cancelled by carol: agent stopped", ended.getEndReason());
        assertEquals("", ended.getRunnerId());
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> heartbeat(run.getId(), epoch))
                .contains("has ended (cancelled"));
    }

    private ListRunsResponse list(ListRunsRequest.Builder request) {
        return runs.listRuns(request.build());
    }
}
