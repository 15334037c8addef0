package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.CancelSpecRequest;
import chant.v1.CancelSpecResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant cancel <id>}: cancels a spec, and with --cascade the open specs that depend on it. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a spec and print 'Cancelled spec: <id>' for each cancelled spec, the requested one first.",
                "Refused (exit 5) while open specs depend on it, unless --cascade or --force."})
public final class CancelCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--cascade", description = "Also cancel every open spec that depends on it, directly or not.")
    boolean cascade;

    @Option(names = "--force", description = "Cancel even though open specs depend on it. Needs --reason.")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded. Required with --force.")
    String reason;

    @Override
    protected int run(Connection connection) {
        String why = reason == null ? "" : reason.strip();
        if (force && why.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--force needs --reason TEXT (forced cancels are recorded with why)");
        }
        CancelSpecResponse response = connection.lifecycle().cancelSpec(CancelSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setCascade(cascade).setForce(force).setReason(why).build());
        for (String cancelled : response.getCancelledIdsList()) {
            out().println("Cancelled spec: " + cancelled);
        }
        return ExitCodes.OK;
    }
}
