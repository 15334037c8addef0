package chant.cli.lifecycle;

import chant.cli.format.Plural;
import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.Problem;
import chant.v1.Severity;
import chant.v1.SpecFindings;
import chant.v1.ValidateSpecsRequest;
import chant.v1.ValidateSpecsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chant lint [<id>]}: checks specs for errors and warnings. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check one spec, or every active spec of the project, for errors and warnings "
                + "(docs/lifecycle.md#lint).",
                "Prints '<id>: error|warning: <field>: <message>' per finding, then "
                        + "'N errors, M warnings in K specs' (K: the specs checked).",
                "Exit code 1 when there are errors; warnings alone exit with 0."})
public final class LintCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "Full ID or a short form; every active spec when left out.")
    String id;

    @Override
    protected int run(Connection connection) {
        ValidateSpecsResponse response = connection.lifecycle().validateSpecs(ValidateSpecsRequest.newBuilder()
                .setProject(project(connection)).setId(id == null ? "" : id).build());
        for (SpecFindings findings : response.getSpecsList()) {
            for (Problem problem : findings.getProblemsList()) {
                out().println(line(findings.getSpecId(), problem));
            }
        }
        out().println(Plural.of(response.getErrorCount(), "error") + ", "
                + Plural.of(response.getWarningCount(), "warning") + " in " + Plural.of(response.getCheckedCount(), "spec"));
        return response.getErrorCount() > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    static String line(String specId, Problem problem) {
        String severity = problem.getSeverity() == Severity.SEVERITY_WARNING ? "warning" : "error";
        String field = problem.getField().isEmpty() ? "" : problem.getField() + ": ";
        return specId + ": " + severity + ": " + field + problem.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
