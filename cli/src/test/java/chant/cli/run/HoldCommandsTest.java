package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.got;
import static chant.cli.run.RunMessages.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.GetProjectResponse;
import chant.v1.KeptCheckout;
import chant.v1.ListKeptCheckoutsRequest;
import chant.v1.ListKeptCheckoutsResponse;
import chant.v1.ListRunsRequest;
import chant.v1.LogChunk;
import chant.v1.PauseRunRequest;
import chant.v1.PauseRunResponse;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RemoveKeptCheckoutsRequest;
import chant.v1.RemoveKeptCheckoutsResponse;
import chant.v1.RemovedCheckout;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** chant pause, chant takeover and chant cleanup against a scripted agent-service. */
class HoldCommandsTest extends InProcessCliTest {

    private static final String KEPT = "/srv/work/kept/chant-demo-" + SPEC + "-20260122-100306-000";

    private static Run.Builder pausedRun(long id) {
        return RunMessages.ended(id, RunStatus.RUN_STATUS_CANCELLED, "paused").setKeptCheckout(KEPT)
                .setBaseCommit("abc1234").setLogSize(40)
                .setEndReason("paused by alice; checkout kept at " + KEPT);
    }

    @Test
    void pausingASpecsRunWaitsForItsRunnerAndPrintsWhereTheCheckoutIs() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("", aRun(12, RunStatus.RUN_STATUS_RUNNING)));
        server.reply(RunServiceGrpc.getPauseRunMethod(), PauseRunResponse.newBuilder()
                .setRun(aRun(12, RunStatus.RUN_STATUS_RUNNING).setPauseRequested(true)).build());
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(12, RunStatus.RUN_STATUS_RUNNING).setPauseRequested(true)),
                got(pausedRun(12)));

        Result result = run("pause", SPEC);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("run 12 of " + SPEC + " paused; checkout kept at " + KEPT + " (on the agent-service host); spec "
                        + SPEC + " is paused",
                "continue with chant work " + SPEC + " (from the branch as pushed), or take the checkout over by hand;"
                        + " chant cleanup removes it once its work is pushed"), result.outLines());
        assertEquals(List.of("chant: pause of run 12 requested; waiting for its runner to stop the agent and keep the"
                + " checkout"), result.errLines());
        assertEquals(List.of(PauseRunRequest.newBuilder().setRunId(12).build()),
                server.requests(RunServiceGrpc.getPauseRunMethod()));
        ListRunsRequest asked = server.requests(RunServiceGrpc.getListRunsMethod()).get(0);
        assertEquals(SPEC, asked.getSpecId());
        assertEquals(RunText.ACTIVE, java.util.Set.copyOf(asked.getStatusesList()));
    }

    @Test
    void pausingAQueuedRunByItsIdEndsIt() {
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(7, RunStatus.RUN_STATUS_QUEUED)));
        server.reply(RunServiceGrpc.getPauseRunMethod(), PauseRunResponse.newBuilder().setRun(
                RunMessages.ended(7, RunStatus.RUN_STATUS_CANCELLED, "pending")
                        .setEndReason("paused by alice before it started; nothing to keep")).build());

        Result result = run("pause", "--run", "7");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("run 7 of " + SPEC + " cancelled: paused by alice before it started; nothing to keep; spec "
                + SPEC + " is pending"), result.outLines());
    }

    @Test
    void aRefusedPauseIsOneLineAndExit5() {
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(7, RunStatus.RUN_STATUS_FINALIZING)));
        server.reply(RunServiceGrpc.getPauseRunMethod(), Status.FAILED_PRECONDITION.withDescription(
                "run 7 is finalizing (its work is being committed and pushed): wait for its end"));

        Result result = run("pause", "--run", "7");

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals(List.of("chant: agent-service at localhost:8182: run 7 is finalizing (its work is being committed and"
                + " pushed): wait for its end"), result.errLines());
        assertEquals(2, run("pause").exitCode(), "a spec or --run is needed");
    }

    @Test
    void aRunWhoseRunnerDoesNotStopIsReportedAfterTwoMinutes() {
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(7, RunStatus.RUN_STATUS_RUNNING)));
        server.reply(RunServiceGrpc.getPauseRunMethod(), PauseRunResponse.newBuilder()
                .setRun(aRun(7, RunStatus.RUN_STATUS_RUNNING).setPauseRequested(true)).build());
        for (int i = 0; i < 125; i++) {
            server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(7, RunStatus.RUN_STATUS_RUNNING).setPauseRequested(true)));
        }

        Result result = run("pause", "--run", "7");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("chant: run 7 has not stopped within 120 s; its runner may be unreachable:"
                + " agent-service ends it as paused when its lease expires"), result.err());
    }

    @Test
    void takeoverPrintsTheCheckoutBranchBaseLogTailAndWhatToDoNext() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("", aRun(12, RunStatus.RUN_STATUS_RUNNING)));
        server.reply(ProjectServiceGrpc.getGetProjectMethod(), GetProjectResponse.newBuilder().setProject(Project.newBuilder()
                .setName(PROJECT).setBranchPrefix("chant/").setRepoUrl("git@example.com:demo.git")).build());
        server.reply(RunServiceGrpc.getPauseRunMethod(), PauseRunResponse.newBuilder()
                .setRun(aRun(12, RunStatus.RUN_STATUS_RUNNING).setPauseRequested(true).setTakeover(true)).build());
        server.reply(RunServiceGrpc.getGetRunMethod(), got(pausedRun(12).setSpecStatusAfter("paused")));
        server.reply(RunServiceGrpc.getFollowLogMethod(), List.of(LogChunk.newBuilder().setOffset(0)
                .setData(ByteString.copyFromUtf8("chant: starting the agent\n[demo agent] sleeping 120 s\n")).build()));

        Result result = run("takeover", SPEC);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "run 12 of " + SPEC + " taken over: its agent was stopped; nothing was committed or pushed; spec " + SPEC
                        + " is paused",
                "checkout: " + KEPT + " (on the agent-service host)",
                "branch:   chant/" + SPEC + ", started from abc1234",
                "last lines of the log (chant log --run 12 has it all):",
                "  chant: starting the agent",
                "  [demo agent] sleeping 120 s",
                "next:",
                "  cd " + KEPT,
                "  git add -A && git commit -m 'chant(" + SPEC + "): ...'",
                "  git push git@example.com:demo.git chant/" + SPEC,
                "  then chant work " + SPEC + " lets an agent continue from the pushed branch, or finish it by hand;",
                "  chant cleanup removes the checkout once its work is pushed"), result.outLines());
        assertEquals(List.of(PauseRunRequest.newBuilder().setRunId(12).setTakeover(true).build()),
                server.requests(RunServiceGrpc.getPauseRunMethod()));
    }

    @Test
    void takeoverOfASpecWithoutAnActiveRunIsRefused() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""));
        server.reply(chant.v1.SpecServiceGrpc.getResolveSpecIdMethod(),
                chant.v1.ResolveSpecIdResponse.newBuilder().setId(SPEC).build());

        Result result = run("takeover", SPEC);

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals(List.of("chant: spec " + SPEC + " has no active run to take over (chant runs --spec " + SPEC
                + " lists its runs)"), result.errLines());
    }

    private static KeptCheckout.Builder kept(String id, boolean safe, String problem) {
        return KeptCheckout.newBuilder().setId(id).setPath("/srv/work/kept/" + id).setProject(PROJECT).setSpecId(SPEC)
                .setRunId(12).setSizeBytes(2_500_000).setSafeToRemove(safe).setProblem(problem);
    }

    @Test
    void cleanupDryRunSaysWhatItWouldDo() {
        server.reply(RunServiceGrpc.getListKeptCheckoutsMethod(), ListKeptCheckoutsResponse.newBuilder()
                .addCheckouts(kept("a", true, "")).addCheckouts(kept("b", false,
                        "removing it would lose 1 uncommitted file, 0 unpushed commits")).build());

        Result result = run("cleanup", "--dry-run", "--older-than", "7d");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "would remove /srv/work/kept/a (spec " + SPEC + ", run 12, 2.4 MB): its work is on the remote",
                "would keep /srv/work/kept/b (spec " + SPEC + ", run 12, 2.4 MB): removing it would lose 1 uncommitted"
                        + " file, 0 unpushed commits (--force removes it)",
                "dry run: 1 checkout of 2 would be removed"), result.outLines());
        assertEquals(List.of(ListKeptCheckoutsRequest.newBuilder().setProject(PROJECT).setOlderThanSeconds(604_800).build()),
                server.requests(RunServiceGrpc.getListKeptCheckoutsMethod()));
        assertEquals(List.of(), server.requests(RunServiceGrpc.getRemoveKeptCheckoutsMethod()), "nothing removed");
    }

    @Test
    void cleanupRemovesWhatIsPushedAndWithForceNamesTheLoss() {
        server.reply(RunServiceGrpc.getListKeptCheckoutsMethod(), ListKeptCheckoutsResponse.newBuilder()
                .addCheckouts(kept("a", true, "")).addCheckouts(kept("b", false, "x")).build());
        server.reply(RunServiceGrpc.getRemoveKeptCheckoutsMethod(), RemoveKeptCheckoutsResponse.newBuilder()
                .addResults(RemovedCheckout.newBuilder().setId("a").setRemoved(true).setDetail("its work is on the remote"))
                .addResults(RemovedCheckout.newBuilder().setId("b").setRemoved(true)
                        .setDetail("lost 1 uncommitted file, 0 unpushed commits"))
                .build());

        Result result = run("cleanup", "--force");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "removed /srv/work/kept/a (spec " + SPEC + ", run 12, 2.4 MB): its work is on the remote",
                "removed /srv/work/kept/b (spec " + SPEC + ", run 12, 2.4 MB): lost 1 uncommitted file, 0 unpushed commits",
                "2 checkouts of 2 removed"), result.outLines());
        assertEquals(List.of(RemoveKeptCheckoutsRequest.newBuilder().addIds("a").addIds("b").setForce(true).build()),
                server.requests(RunServiceGrpc.getRemoveKeptCheckoutsMethod()));
    }

    @Test
    void cleanupWithNothingKeptAndABadAge() {
        server.reply(RunServiceGrpc.getListKeptCheckoutsMethod(), ListKeptCheckoutsResponse.getDefaultInstance());

        assertEquals("No kept checkouts of project demo.\n", run("cleanup").out());
        Result bad = run("cleanup", "--older-than", "a week");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertEquals(List.of("chant: --older-than a week is not an age: use a number and a unit, s, m, h, d or w (for"
                + " example 7d)"), bad.errLines());
    }
}
