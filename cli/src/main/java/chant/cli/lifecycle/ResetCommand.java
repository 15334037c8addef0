package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.v1.ResetSpecRequest;
import chant.v1.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant reset <id>}: puts a spec back to pending. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Put a failed, needs_attention, completed, cancelled or stuck in_progress/paused spec back to pending.",
                "Refused (exit 5) when it is pending already."})
public final class ResetCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded.")
    String reason;

    @Override
    protected int run(Connection connection) {
        Spec spec = connection.lifecycle().resetSpec(ResetSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setReason(reason == null ? "" : reason.strip()).build())
                .getSpec();
        out().println("Reset spec: " + spec.getId() + " (now " + SpecEnums.STATUSES.name(spec.getStatus()) + ")");
        return ExitCodes.OK;
    }
}
