package chant.cli.run;

import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.CancelRunRequest;
import chant.v1.Run;
import chant.v1.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chant cancel-run <run-id>}: cancels a queued run, or asks the runner of an active one to stop. */
@Command(name = "cancel-run", mixinStandardHelpOptions = true,
        description = {"Cancel a run: a queued run ends at once; a run a runner works on is marked, and the runner "
                + "stops the agent and ends it as cancelled.",
                "A run that has ended is refused (exit 5). To cancel the spec itself, use chant cancel."})
public final class CancelRunCommand extends RunCommand {

    @Parameters(paramLabel = "RUN-ID", description = "The run (chant runs lists them).")
    long runId;

    @Override
    protected int run(Connection connection) {
        Run run = connection.runs().cancelRun(CancelRunRequest.newBuilder().setRunId(runId).build()).getRun();
        if (run.getStatus() == RunStatus.RUN_STATUS_CANCELLED) {
            out().println("run " + run.getId() + " cancelled");
        } else if (run.getCancelRequested()) {
            out().println("cancel of run " + run.getId() + " requested; the runner stops it");
        } else {
            out().println("run " + run.getId() + " is " + RunText.status(run));
        }
        return ExitCodes.OK;
    }
}
