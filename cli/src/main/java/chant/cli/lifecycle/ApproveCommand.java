package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecView;
import chant.v1.ApproveSpecRequest;
import chant.v1.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant approve <id>}: grants a spec's approval. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a spec that requires approval. You (--user) are recorded as the approver; "
                + "the decision is appended to the spec's '## Approval Discussion'.",
                "Refused (exit 5) when the spec needs no approval or you are its author."})
public final class ApproveCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A note recorded with the approval.")
    String comment;

    @Override
    protected int run(Connection connection) {
        Spec spec = connection.lifecycle().approveSpec(ApproveSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setComment(comment == null ? "" : comment).build()).getSpec();
        out().println("Approved spec: " + spec.getId() + approval(spec));
        return ExitCodes.OK;
    }

    /** " (approval: required, approved by alice at ...)", or "" without an approval block. */
    static String approval(Spec spec) {
        return spec.hasApproval() ? " (approval: " + SpecView.approval(spec.getApproval()) + ")" : "";
    }
}
