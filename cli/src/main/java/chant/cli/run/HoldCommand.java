package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.ListRunsRequest;
import chant.v1.PauseRunRequest;
import chant.v1.Run;
import java.time.Duration;
import java.util.Optional;

/**
 * What pause and takeover share: the active run of a spec, asking agent-service to pause it, and
 * waiting until its runner has stopped the agent and kept the checkout (the path is known only then).
 */
abstract class HoldCommand extends RunCommand {

    /** How long to wait for the runner: a heartbeat (a third of the lease) and the move of the checkout. */
    static final Duration STOP_WAIT = Duration.ofSeconds(120);
    static final Duration POLL = Duration.ofSeconds(1);

    /** The spec's active run (queued or claimed), if it has one; the request names the spec by the ID used. */
    protected Optional<Run> activeRun(Connection connection, String specId) {
        ListRunsRequest request = ListRunsRequest.newBuilder().setProject(project(connection)).setSpecId(specId)
                .addAllStatuses(RunText.ACTIVE).setPageSize(1).build();
        SpecRuns runs = specRuns(connection, request);
        return runs.page().getRunsList().stream().findFirst();
    }

    /** PauseRun, then the run once it has ended (its checkout kept), read every second for up to STOP_WAIT. */
    protected Run pauseAndAwait(Connection connection, long runId, boolean takeover) throws InterruptedException {
        Run run = connection.runs().pauseRun(PauseRunRequest.newBuilder().setRunId(runId).setTakeover(takeover).build())
                .getRun();
        if (RunText.active(run)) {
            err().println("chant: " + (takeover ? "takeover" : "pause") + " of run " + run.getId()
                    + " requested; waiting for its runner to stop the agent and keep the checkout");
            err().flush();
        }
        long start = context().timing().nanoTime();
        while (RunText.active(run)) {
            if (context().timing().nanoTime() - start > STOP_WAIT.toNanos()) {
                throw new CliException(ExitCodes.FAILED, "run " + run.getId() + " has not stopped within "
                        + STOP_WAIT.toSeconds() + " s; its runner may be unreachable: agent-service ends it as paused when"
                        + " its lease expires (chant runs --spec " + run.getSpecId() + " shows it, with the checkout)");
            }
            context().timing().sleep(POLL);
            run = getRun(connection, run.getId());
        }
        return RunEnd.awaitDelivery(run, () -> getRun(connection, runId), context().timing());
    }

    /** "; spec X is paused" once the result reached spec-service; "" before. */
    static String specAfter(Run run) {
        return run.getSpecDelivery().equals(RunText.DELIVERED)
                ? "; spec " + run.getSpecId() + " is " + run.getSpecStatusAfter() : "";
    }
}
