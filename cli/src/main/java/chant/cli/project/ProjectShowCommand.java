package chant.cli.project;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.v1.GetProjectRequest;
import chant.v1.GetProjectResponse;
import chant.v1.Project;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant project show <name>}: every setting of one project, the verify gate included. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one project's settings.")
public final class ProjectShowCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", description = "The project.")
    String name;

    @Option(names = "--json", description = "Print the GetProjectResponse as proto JSON.")
    boolean json;

    @Override
    protected int run(Connection connection) {
        GetProjectResponse response = connection.projects().getProject(GetProjectRequest.newBuilder().setName(name).build());
        if (json) {
            out().println(Json.print(response));
            return ExitCodes.OK;
        }
        Project p = response.getProject();
        row("name", p.getName());
        row("repository", p.getRepoUrl().isEmpty() ? "none yet" : p.getRepoUrl());
        row("default branch", p.getDefaultBranch());
        row("branch prefix", p.getBranchPrefix());
        row("default prompt", p.getDefaultPrompt());
        row("rejection action", SpecEnums.REJECTION_ACTIONS.name(p.getRejectionAction()));
        row("run timeout", VerifySettings.timeout(p.getRunTimeoutSeconds(), "agent-service's"));
        row("verify command", VerifySettings.shown(p.getVerifyCommandList()));
        row("verify timeout", VerifySettings.timeout(p.getVerifyTimeoutSeconds(), "merge-service's, 600 s"));
        row("archive", p.getArchiveInRepository() ? "commits archived specs to .chant/archive/<date>/ (merge-service)"
                : "marks specs archived (nothing committed)");
        if (p.hasCreateTime()) {
            row("created", Instant.ofEpochSecond(p.getCreateTime().getSeconds()).toString());
        }
        return ExitCodes.OK;
    }

    private void row(String label, String value) {
        out().println(String.format("%-17s %s", label + ":", value));
    }
}
