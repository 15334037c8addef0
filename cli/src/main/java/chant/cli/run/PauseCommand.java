package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.lifecycle.TransitionBase;
import chant.cli.rpc.Connection;
import chant.v1.Run;
import chant.v1.SpecStatus;
import chant.v1.Transition;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant pause <id> | --run N}: pauses a spec's run (its checkout is kept), or the spec itself. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pause a spec's active run, or run N: its agent is stopped, nothing is committed or pushed, and "
                + "its checkout is kept as the agent left it on the agent-service host; prints where. The spec is "
                + "paused (chant work ID continues it). A queued run simply ends and its spec goes back to pending.",
                "A spec without an active run is moved to paused (chant transition ID paused)."})
public final class PauseCommand extends HoldCommand {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The spec (full ID or a short form).")
    String id;

    @Option(names = "--run", paramLabel = "N", description = "Run N instead of a spec's active run.")
    Long runId;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why; recorded with the transition of a spec without an active run. Required with --force.")
    String reason;

    @Option(names = "--force", description = "For a spec without an active run: skip the preconditions. Needs --reason.")
    boolean force;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        if ((id == null) == (runId == null)) {
            throw new CliException(ExitCodes.USAGE, id == null ? "name a spec ID or --run N"
                    : "name a spec ID or --run N, not both");
        }
        Optional<Run> active = runId != null ? Optional.of(getRun(connection, runId)) : activeRun(connection, id);
        if (active.isEmpty()) {
            return pauseSpec(connection);
        }
        Run run = pauseAndAwait(connection, active.get().getId(), false);
        if (!run.getKeptCheckout().isEmpty()) {
            out().println("run " + run.getId() + " of " + run.getSpecId() + " paused; checkout kept at "
                    + run.getKeptCheckout() + " (on the agent-service host)" + specAfter(run));
            out().println("continue with chant work " + run.getSpecId() + " (from the branch as pushed), or take the"
                    + " checkout over by hand; chant cleanup removes it once its work is pushed");
        } else {
            out().println("run " + run.getId() + " of " + run.getSpecId() + " " + RunText.status(run) + ": "
                    + run.getEndReason() + specAfter(run));
        }
        return ExitCodes.OK;
    }

    /** No active run: the spec's own transition to paused, as chant transition ID paused. */
    private int pauseSpec(Connection connection) {
        String why = reason == null ? "" : reason.strip();
        if (force && why.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--force needs --reason TEXT (forced transitions are recorded with why)");
        }
        TransitionSpecResponse response = connection.lifecycle().transitionSpec(TransitionSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setTo(SpecStatus.SPEC_STATUS_PAUSED)
                .setReason(why).setForce(force).build());
        if (response.getTransitionsCount() == 0) {
            out().println(response.getSpec().getId() + ": paused");
        }
        for (Transition transition : response.getTransitionsList()) {
            out().println(TransitionBase.line(transition));
        }
        return ExitCodes.OK;
    }
}
