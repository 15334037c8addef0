package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.RejectSpecRequest;
import chant.v1.RejectSpecResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant reject <id> --reason TEXT}: rejects a spec's approval. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = {"Reject a spec that requires approval, saying why, then apply the project's rejection action: "
                + "stop (the spec waits until edited), dependency (a fix-up spec it depends on is created) or group "
                + "(one member per acceptance criterion).",
                "Prints the spec and one 'Created spec: <id>' line per spec the action created."})
public final class RejectCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it is rejected.")
    String reason;

    @Override
    protected int run(Connection connection) {
        RejectSpecResponse response = connection.lifecycle().rejectSpec(RejectSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setReason(reason).build());
        out().println("Rejected spec: " + response.getSpec().getId() + ApproveCommand.approval(response.getSpec()));
        for (String created : response.getCreatedIdsList()) {
            out().println("Created spec: " + created);
        }
        return ExitCodes.OK;
    }
}
