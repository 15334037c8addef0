package chant.agent.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.CancelRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.FinishRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.HeartbeatResponse;
import chant.v1.PauseRunRequest;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunSpecResult;
import chant.v1.RunStatus;
import chant.v1.SpecEnd;
import chant.v1.SpecStatus;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PauseRun through the public API, and what becomes of the spec of a run that ends before it
 * starts: a queued run that is cancelled or paused puts its spec back to pending; a claimed run that
 * is paused tells its runner in the heartbeat, ends as cancelled with where its checkout is kept,
 * and its spec is paused (and can be worked again); a runner that died meanwhile is swept as paused,
 * its checkout kept.
 */
@QuarkusTest
class PauseApiTest extends RunApiTestBase {

    private final ScriptedSpecService specService = ScriptedSpecServiceResource.server();

    @Test
    void cancellingAQueuedRunPutsItsSpecBackToPendingNotFailed() {
        String project = newProject();
        Run run = enqueue(project, "s-1");
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, specService.spec(project, "s-1").getStatus());

        Run cancelled = asUser(runs, "alice").cancelRun(CancelRunRequest.newBuilder().setRunId(run.getId()).build()).getRun();

        assertEquals(RunStatus.RUN_STATUS_CANCELLED, cancelled.getStatus());
        awaitSpecStatus(project, "s-1", SpecStatus.SPEC_STATUS_PENDING);
        assertTrue(specService.resets().stream().anyMatch(r -> r.getProject().equals(project)
                && r.getReason().equals("run " + run.getId() + ": cancelled by alice before it started")),
                specService.resets().toString());
        assertTrue(specService.updates().stream().noneMatch(u -> u.getProject().equals(project)
                && u.getStatus() == SpecStatus.SPEC_STATUS_FAILED), "the spec never failed");
    }

    @Test
    void pausingAQueuedRunEndsItAndPutsItsSpecBackToPending() {
        String project = newProject();
        Run run = enqueue(project, "s-1");

        Run paused = asUser(runs, "bob").pauseRun(PauseRunRequest.newBuilder().setRunId(run.getId()).build()).getRun();

        assertEquals(RunStatus.RUN_STATUS_CANCELLED, paused.getStatus());
        assertEquals("paused by bob before it started; nothing to keep", paused.getEndReason());
        assertEquals("", paused.getKeptCheckout());
        awaitSpecStatus(project, "s-1", SpecStatus.SPEC_STATUS_PENDING);
        assertFalse(claim("r1").getClaimed(), "a paused queued run is never claimed");
    }

    @Test
    void aPausedRunEndsWithItsKeptCheckoutAndItsSpecIsPausedThenWorkContinues() {
        String project = newProject();
        Run run = enqueue(project, "s-1");
        ClaimRunResponse claim = claim("r1");
        long epoch = claim.getLease().getEpoch();

        Run marked = asUser(runs, "carol").pauseRun(PauseRunRequest.newBuilder().setRunId(run.getId()).setTakeover(true)
                .build()).getRun();
        assertTrue(marked.getPauseRequested());
        assertTrue(marked.getTakeover());
        assertEquals(RunStatus.RUN_STATUS_PREPARING, marked.getStatus());
        HeartbeatResponse beat = heartbeat(run.getId(), epoch);
        assertTrue(beat.getPauseRequested());
        assertTrue(beat.getTakeover());
        assertFalse(beat.getCancelRequested());
        // A cancel while the pause is under way is refused: the runner is keeping the checkout.
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> runs.cancelRun(CancelRunRequest.newBuilder()
                .setRunId(run.getId()).build())).contains("is being taken over (taken over by carol)"));

        Run ended = runnerOf(run.getId()).finishRun(FinishRunRequest.newBuilder().setRunId(run.getId()).setEpoch(epoch)
                .setOutcome(RunOutcome.RUN_OUTCOME_CANCELLED).setReason("checkout kept at /w/kept/chant-x")
                .setKeptCheckout("/w/kept/chant-x").setSpecResult(RunSpecResult.newBuilder().setEnd(SpecEnd.SPEC_END_PAUSED)
                        .setBody("body\n\n## Takeover\n\nnote\n"))
                .build()).getRun();

        assertEquals(RunStatus.RUN_STATUS_CANCELLED, ended.getStatus());
        assertEquals("taken over by carol; checkout kept at /w/kept/chant-x", ended.getEndReason());
        assertEquals("/w/kept/chant-x", ended.getKeptCheckout());
        awaitSpecStatus(project, "s-1", SpecStatus.SPEC_STATUS_PAUSED);
        UpdateSpecRequest update = specService.updates().stream().filter(u -> u.getProject().equals(project))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("run " + run.getId() + ": taken over by carol; checkout kept at /w/kept/chant-x", update.getReason());
        assertEquals("body\n\n## Takeover\n\nnote\n", update.getBody());
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> runs.pauseRun(PauseRunRequest.newBuilder()
                .setRunId(run.getId()).build())).contains("has already ended (cancelled): there is nothing to pause; its"
                        + " checkout is kept at /w/kept/chant-x"));

        // chant work on the paused spec: a new run starts and moves it to in_progress again.
        Run again = enqueue(project, "s-1");
        assertEquals(RunStatus.RUN_STATUS_QUEUED, again.getStatus());
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, specService.spec(project, "s-1").getStatus());
    }

    @Test
    void aFinalizingRunCannotBePausedNorAnUnknownOne() {
        String project = newProject();
        Run run = enqueue(project, "s-1");
        ClaimRunResponse claim = claim("r1");
        runnerOf(run.getId()).heartbeat(HeartbeatRequest.newBuilder().setRunId(run.getId()).setEpoch(claim.getLease().getEpoch())
                .setStatus(RunStatus.RUN_STATUS_FINALIZING).build());

        String message = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> runs.pauseRun(PauseRunRequest.newBuilder().setRunId(run.getId()).build()));

        assertTrue(message.contains("is finalizing"), message);
        assertFalse(get(run.getId()).getPauseRequested());
        assertStatus(Status.Code.NOT_FOUND, () -> runs.pauseRun(PauseRunRequest.newBuilder().setRunId(987_654_321L).build()));
    }

    @Test
    void aPausedRunWhoseRunnerDiedIsSweptAsPausedAndItsCheckoutKept() throws Exception {
        String project = newProject();
        Run run = enqueue(project, "s-9");
        claim("r-dead");
        // What a runner that died left in the service's work root.
        Path workRoot = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("chant.agent.work-root", String.class)).toAbsolutePath();
        Path checkout = Files.createDirectories(workRoot.resolve("chant-" + project + "-s-9"));
        Files.writeString(checkout.resolve("wip.txt"), "half done\n");

        asUser(runs, "dave").pauseRun(PauseRunRequest.newBuilder().setRunId(run.getId()).build());

        await().atMost(Duration.ofSeconds(30)).until(() -> get(run.getId()).getStatus() == RunStatus.RUN_STATUS_CANCELLED);
        Run ended = get(run.getId());
        assertTrue(ended.getEndReason().startsWith("paused by dave; runner r-dead stopped reporting"), ended.getEndReason());
        Path kept = Path.of(ended.getKeptCheckout());
        assertEquals(workRoot.resolve("kept"), kept.getParent());
        assertTrue(ended.getEndReason().endsWith("checkout kept at " + kept), ended.getEndReason());
        assertEquals("half done\n", Files.readString(kept.resolve("wip.txt")));
        assertFalse(Files.exists(checkout));
        assertEquals(1, ended.getAttempt(), "a paused run is not retried");
        awaitSpecStatus(project, "s-9", SpecStatus.SPEC_STATUS_PAUSED);
    }

    @jakarta.inject.Inject
    chant.agent.cleanup.RunnerOutputs runnerOutputs;

    @Test
    void runnerOutputFilesOfRunsThatEndedArePrunedAndThoseOfActiveRunsStay() throws Exception {
        String project = newProject();
        Run ended = enqueue(project, "s-20");
        runs.cancelRun(CancelRunRequest.newBuilder().setRunId(ended.getId()).build());
        Run active = enqueue(project, "s-21");
        Path workRoot = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("chant.agent.work-root", String.class)).toAbsolutePath();
        Path runners = Files.createDirectories(workRoot.resolve("runners"));
        Path endedOutput = Files.writeString(runners.resolve("run-" + ended.getId() + "-1.log"), "chant: ...\n");
        Path activeOutput = Files.writeString(runners.resolve("run-" + active.getId() + "-1.log"), "chant: ...\n");
        Path other = Files.writeString(runners.resolve("notes.txt"), "not a runner's\n");

        runnerOutputs.prune(Duration.ofDays(7));
        assertTrue(Files.exists(endedOutput), "the run ended just now");
        assertTrue(runnerOutputs.prune(Duration.ZERO) >= 1);

        assertFalse(Files.exists(endedOutput));
        assertTrue(Files.exists(activeOutput));
        assertTrue(Files.exists(other));
    }
}
