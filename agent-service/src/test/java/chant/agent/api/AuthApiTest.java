package chant.agent.api;

import static chant.support.testing.GrpcAssertions.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.remote.RunTokens;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.testing.TestTokens;
import chant.v1.AppendLogRequest;
import chant.v1.CancelRunRequest;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.ListKeptCheckoutsRequest;
import chant.v1.ListRunsRequest;
import chant.v1.PauseRunRequest;
import chant.v1.ProjectRole;
import chant.v1.RecordSplitPlanRequest;
import chant.v1.RemoveKeptCheckoutsRequest;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.RunnerServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication and rights of agent-service through its public gRPC API (docs/auth.md, issue 9):
 * each bad token is UNAUTHENTICATED, each missing right PERMISSION_DENIED, and every refused call
 * leaves the runs, their logs and spec-service as they were.
 */
@QuarkusTest
class AuthApiTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-001-aut";
    private static final TestTokens TOKENS = TestTokens.shared();

    @Inject
    RunTokens runTokens;

    /** A channel of its own: no test credentials are added to its calls. */
    private ManagedChannel bare;

    @BeforeEach
    void openBareChannel() {
        bare = Channels.plaintext(ServiceAddress.parse("localhost:"
                + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class), 8182));
    }

    @AfterEach
    void closeBareChannel() throws InterruptedException {
        bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private ScriptedSpecService specService() {
        return ScriptedSpecServiceResource.server();
    }

    private List<Run> runsOf(String project) {
        return runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsList();
    }

    private static EnqueueRunRequest enqueueRequest(String project) {
        return EnqueueRunRequest.newBuilder().setProject(project).setSpecId(SPEC).build();
    }

    @Test
    void aCallWithoutAValidTokenIsUnauthenticatedAndChangesNothing() {
        String project = newProject();
        Run existing = enqueue(project, "2026-12-04-002-ex");
        int callsBefore = specService().callsAbout(project).size();

        RunServiceGrpc.RunServiceBlockingStub noToken = RunServiceGrpc.newBlockingStub(bare);
        String message = assertStatus(Status.Code.UNAUTHENTICATED, () -> noToken.enqueueRun(enqueueRequest(project)));
        assertTrue(message.contains("bearer token"), message);
        assertStatus(Status.Code.UNAUTHENTICATED, () -> noToken.cancelRun(CancelRunRequest.newBuilder()
                .setRunId(existing.getId()).build()));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> noToken.getRun(GetRunRequest.newBuilder()
                .setRunId(existing.getId()).build()));
        for (TestTokens.RefusedToken bad : TOKENS.refused("mallory")) {
            RunServiceGrpc.RunServiceBlockingStub stub = withToken(RunServiceGrpc.newBlockingStub(bare), bad.token());
            String why = assertStatus(Status.Code.UNAUTHENTICATED, () -> stub.enqueueRun(enqueueRequest(project)));
            assertTrue(why.contains(bad.refusalSays()), bad.what() + ": " + why);
            assertFalse(why.contains(bad.claims()), bad.what() + ": the message never repeats the token");
            assertStatus(Status.Code.UNAUTHENTICATED, () -> stub.cancelRun(CancelRunRequest.newBuilder()
                    .setRunId(existing.getId()).build()));
        }
        assertStatus(Status.Code.UNAUTHENTICATED, () -> withToken(RunnerServiceGrpc.newBlockingStub(bare),
                TOKENS.expired("agent-runner", Duration.ofMinutes(1))).claimRun(ClaimRunRequest.newBuilder()
                .setRunnerId("r").build()));

        assertEquals(List.of(existing), runsOf(project), "no run was added, the queued one is as it was");
        assertEquals(callsBefore, specService().callsAbout(project).size(), "spec-service was not asked anything");
    }

    @Test
    void aTokenForAnotherProjectIsPermissionDeniedAndChangesNothing() {
        String own = newProject();
        String other = newProject();
        Run otherRun = enqueue(other, "2026-12-04-003-oth");
        RunServiceGrpc.RunServiceBlockingStub alice = withToken(runs, TOKENS.user("alice", Map.of(own, Role.MEMBER)));

        String message = assertStatus(Status.Code.PERMISSION_DENIED, () -> alice.enqueueRun(enqueueRequest(other)));
        assertTrue(message.contains("member") && message.contains("'" + other + "'") && message.contains("alice"), message);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> alice.cancelRun(CancelRunRequest.newBuilder()
                .setRunId(otherRun.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> alice.getRun(GetRunRequest.newBuilder()
                .setRunId(otherRun.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> alice.listRuns(ListRunsRequest.newBuilder()
                .setProject(other).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> alice.followLog(FollowLogRequest.newBuilder()
                .setRunId(otherRun.getId()).build()).hasNext());

        assertEquals(List.of(otherRun), runsOf(other), "no run was added, the other one is as it was");
        assertTrue(specService().callsAbout(other).stream().noneMatch(call -> call.caller().contains("alice")),
                "nothing was asked of spec-service for alice: " + specService().callsAbout(other));

        // Her own project's run she enqueues, and a list without a project holds only what she may see.
        Run mine = alice.enqueueRun(enqueueRequest(own)).getRun();
        assertEquals("alice", mine.getCreatedBy());
        assertEquals(List.of(mine), alice.listRuns(ListRunsRequest.getDefaultInstance()).getRunsList());
    }

    @Test
    void aViewerReadsButCannotEnqueueCancelOrPause() {
        String project = newProject();
        Run run = enqueue(project, "2026-12-04-004-vw");
        RunServiceGrpc.RunServiceBlockingStub bob = withToken(runs, TOKENS.user("bob", Map.of(project, Role.VIEWER)));

        String message = assertStatus(Status.Code.PERMISSION_DENIED, () -> bob.enqueueRun(enqueueRequest(project)));
        assertTrue(message.contains("member") && message.contains("holds only viewer"), message);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> bob.cancelRun(CancelRunRequest.newBuilder()
                .setRunId(run.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> bob.pauseRun(PauseRunRequest.newBuilder()
                .setRunId(run.getId()).setTakeover(true).build()));

        assertEquals(run, get(run.getId()), "the run is still queued, with no cancel or pause asked for");
        assertEquals(List.of(run), runsOf(project), "no run was added");
        assertEquals(run, bob.getRun(GetRunRequest.newBuilder().setRunId(run.getId()).build()).getRun());
        assertEquals(List.of(run), bob.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsList());
        assertFalse(bob.followLog(FollowLogRequest.newBuilder().setRunId(run.getId()).build()).hasNext(),
                "a viewer reads the (empty) log");
    }

    @Test
    void aRunTokenUsedForAnotherRunIsPermissionDeniedAndChangesNothing() {
        Run a = enqueue(newProject(), "2026-12-04-005-ra");
        Run b = enqueue(newProject(), "2026-12-04-006-rb");
        ClaimRunResponse first = claim("runner-a");
        ClaimRunResponse second = claim("runner-b");
        ClaimRunResponse claimA = first.getRun().getId() == a.getId() ? first : second;
        ClaimRunResponse claimB = first.getRun().getId() == b.getId() ? first : second;
        long epochB = claimB.getLease().getEpoch();
        RunnerServiceGrpc.RunnerServiceBlockingStub tokenOfA = runnerOf(a.getId());
        Run before = get(b.getId());

        String message = assertStatus(Status.Code.PERMISSION_DENIED, () -> tokenOfA.heartbeat(HeartbeatRequest
                .newBuilder().setRunId(b.getId()).setEpoch(epochB).setStatus(RunStatus.RUN_STATUS_RUNNING).build()));
        assertEquals("this token is scoped to run " + a.getId() + " and cannot be used for run " + b.getId(), message);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> tokenOfA.appendLog(AppendLogRequest.newBuilder()
                .setRunId(b.getId()).setEpoch(epochB).setOffset(0).setData(ByteString.copyFromUtf8("forged\n")).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> tokenOfA.recordSplitPlan(RecordSplitPlanRequest.newBuilder()
                .setRunId(b.getId()).setEpoch(epochB).setPlan("{}").build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> tokenOfA.finishRun(FinishRunRequest.newBuilder()
                .setRunId(b.getId()).setEpoch(epochB).setOutcome(RunOutcome.RUN_OUTCOME_SUCCEEDED).build()));
        RunServiceGrpc.RunServiceBlockingStub readerA = withToken(runs, runToken(a.getId()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> readerA.getRun(GetRunRequest.newBuilder()
                .setRunId(b.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> readerA.cancelRun(CancelRunRequest.newBuilder()
                .setRunId(b.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> tokenOfA.claimRun(ClaimRunRequest.newBuilder()
                .setRunnerId("runner-a").build()));

        // What the forged calls would have changed (the lease itself may expire meanwhile: leases are 3 s here).
        Run after = get(b.getId());
        assertEquals(before.getStatus(), after.getStatus() == RunStatus.RUN_STATUS_QUEUED ? before.getStatus()
                : after.getStatus(), "not running, not ended");
        assertEquals(0, after.getLogSize(), "no log");
        assertEquals("", after.getSplitPlan(), "no split plan");
        assertFalse(after.hasEndTime(), "not finished");
        assertFalse(runs.followLog(FollowLogRequest.newBuilder().setRunId(b.getId()).build()).hasNext(),
                "its log is empty");
        // Its own run the token reports and reads.
        assertEquals(a.getId(), readerA.getRun(GetRunRequest.newBuilder().setRunId(a.getId()).build()).getRun().getId());
        tokenOfA.heartbeat(HeartbeatRequest.newBuilder().setRunId(a.getId()).setEpoch(claimA.getLease().getEpoch())
                .setStatus(RunStatus.RUN_STATUS_RUNNING).build());
        assertEquals(RunStatus.RUN_STATUS_RUNNING, get(a.getId()).getStatus());
    }

    @Test
    void onlyTheRunnerPoolClaimsRuns() {
        String project = newProject();
        Run run = enqueue(project, "2026-12-04-007-cl");
        RunnerServiceGrpc.RunnerServiceBlockingStub admin = withToken(runner, TOKENS.platformAdmin("root"));

        String message = assertStatus(Status.Code.PERMISSION_DENIED, () -> admin.claimRun(ClaimRunRequest.newBuilder()
                .setRunnerId("r").build()));
        assertTrue(message.startsWith("only agent-runner may call this"), message);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(runner, TOKENS.service("merge-service"))
                .claimRun(ClaimRunRequest.newBuilder().setRunnerId("r").build()));
        assertEquals(run, get(run.getId()), "the run is still queued");

        assertEquals(run.getId(), claim("pool").getRun().getId());
    }

    @Test
    void keptCheckoutsArePlatformAdminsOnly() {
        String project = newProject();
        RunServiceGrpc.RunServiceBlockingStub projectAdmin = withToken(runs, TOKENS.user("erin", Map.of(project, Role.ADMIN)));

        String message = assertStatus(Status.Code.PERMISSION_DENIED, () -> projectAdmin.listKeptCheckouts(
                ListKeptCheckoutsRequest.newBuilder().setProject(project).build()));
        assertTrue(message.contains("needs a platform admin"), message);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> projectAdmin.removeKeptCheckouts(
                RemoveKeptCheckoutsRequest.newBuilder().addIds("chant-" + project + "-x").build()));
        runs.listKeptCheckouts(ListKeptCheckoutsRequest.newBuilder().setProject(project).build());
    }

    @Test
    void aStoredGrantCountsAndTheRunsCreatorIsTheTokensSubject() {
        String project = newProject();
        specService().setMember(project, "carol", ProjectRole.PROJECT_ROLE_MEMBER);
        RunServiceGrpc.RunServiceBlockingStub carol = withToken(runs, TOKENS.user("carol", Map.of()));

        Run run = carol.enqueueRun(enqueueRequest(project)).getRun();

        assertEquals("carol", run.getCreatedBy());
        assertTrue(specService().callsAbout(project).stream().filter(call -> !call.rpc().equals("ListMembers"))
                        .allMatch(call -> call.caller().equals("service agent-service (for carol)")),
                "agent-service asks spec-service with its own token, for carol: " + specService().callsAbout(project));
        assertTrue(specService().callsAbout(project).stream().anyMatch(call -> call.rpc().equals("TransitionSpec")));
        assertEquals("cancelled by carol before it started", carol.cancelRun(CancelRunRequest.newBuilder()
                .setRunId(run.getId()).build()).getRun().getEndReason());
    }

    @Test
    void mergeServiceEnqueuesForThePersonWhoAskedForTheMerge() {
        String project = newProject();
        RunServiceGrpc.RunServiceBlockingStub mergeService = runs.withCallCredentials(
                BearerCredentials.of(TOKENS.service("merge-service")).onBehalfOf("dana"));

        Run run = mergeService.enqueueRun(enqueueRequest(project)).getRun();

        assertEquals("dana", run.getCreatedBy());
        assertTrue(specService().callsAbout(project).stream().anyMatch(call -> call.rpc().equals("TransitionSpec")
                && call.caller().equals("service agent-service (for dana)")), specService().callsAbout(project).toString());
        // A service the platform does not know holds no role here.
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(runs, TOKENS.service("some-integration"))
                .enqueueRun(enqueueRequest(newProject())));
    }

    /** The local backend's run tokens: minted by spec-service for agent-service, scoped to the run, living its timeout and a margin. */
    @Test
    void aRunTokenIsMintedForTheRunItsSpecAndItsTimeout() {
        String project = newProject();

        String token = runTokens.create(42, project, SPEC, 600);

        Principal principal = TOKENS.verifier().verify(token);
        assertEquals(PrincipalKind.RUN, principal.kind());
        assertEquals("run:42", principal.subject());
        assertEquals(new RunScope("42", project, SPEC), principal.runScope().orElseThrow());
        assertEquals(600 + RunTokens.MARGIN.toSeconds(), specService().runTokenRequests().stream()
                .filter(r -> r.getProject().equals(project)).findFirst().orElseThrow().getTtlSeconds());
        assertEquals("service agent-service", specService().callsAbout(project).get(0).caller());
        assertEquals(Duration.ofDays(1).plus(RunTokens.MARGIN), RunTokens.ttl(86_400),
                "the longest run (a day) keeps its token until the runner has finished");
    }
}
