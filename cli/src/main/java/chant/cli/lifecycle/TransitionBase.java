package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.v1.SpecStatus;
import chant.v1.Transition;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A status transition ({@code transition}, {@code start}, {@code complete}, {@code fail},
 * {@code pause}): sends TransitionSpec and prints the requested transition, then the automatic
 * ones it caused.
 */
public abstract class TransitionBase extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--force",
            description = "Skip the preconditions (dependencies, approval, criteria, members), not the "
                    + "transition table. Needs --reason.")
    boolean force;

    /** The status to move to. */
    abstract SpecStatus target();

    /** The --reason given, or null. */
    abstract String reason();

    @Override
    protected int run(Connection connection) {
        SpecStatus to = target();
        if (to == SpecStatus.SPEC_STATUS_BLOCKED) {
            throw new CliException(ExitCodes.USAGE,
                    "blocked cannot be requested: a spec is blocked by itself while it waits for dependencies or approval");
        }
        String reason = reason() == null ? "" : reason().strip();
        if (force && reason.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--force needs --reason TEXT (forced transitions are recorded with why)");
        }
        TransitionSpecResponse response = connection.lifecycle().transitionSpec(TransitionSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setTo(to).setReason(reason).setForce(force).build());
        if (response.getTransitionsCount() == 0) {
            out().println(response.getSpec().getId() + ": " + SpecEnums.STATUSES.name(response.getSpec().getStatus()));
        }
        for (Transition transition : response.getTransitionsList()) {
            out().println(line(transition));
        }
        return ExitCodes.OK;
    }

    /** "id: pending -> in_progress", indented and marked "(automatic)" for automatic ones. */
    public static String line(Transition transition) {
        StringBuilder line = new StringBuilder(transition.getAutomatic() ? "  " : "")
                .append(transition.getSpecId()).append(": ")
                .append(SpecEnums.STATUSES.name(transition.getFrom())).append(" -> ")
                .append(SpecEnums.STATUSES.name(transition.getTo()));
        if (transition.getForced()) {
            line.append(" (forced)");
        }
        if (transition.getAutomatic()) {
            line.append(" (automatic)");
        }
        return line.toString();
    }
}
