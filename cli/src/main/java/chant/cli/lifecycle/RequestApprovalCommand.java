package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.RequestApprovalRequest;
import chant.v1.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant request-approval <id>}: asks for approval again after a decision. */
@Command(name = "request-approval", mixinStandardHelpOptions = true,
        description = {"Ask for approval again after a decision (typically after addressing a rejection): "
                + "the approval goes back to pending and an approver decides it anew with chant approve or chant reject.",
                "Refused (exit 5) when the spec needs no approval or its approval is pending already."})
public final class RequestApprovalCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "What changed since the decision, for the approvers.")
    String comment;

    @Override
    protected int run(Connection connection) {
        Spec spec = connection.lifecycle().requestApproval(RequestApprovalRequest.newBuilder()
                .setProject(project(connection)).setId(id).setComment(comment == null ? "" : comment).build()).getSpec();
        out().println("Approval requested again: " + spec.getId() + ApproveCommand.approval(spec));
        return ExitCodes.OK;
    }
}
