package chant.cli.project;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.format.Table;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.v1.ListProjectsRequest;
import chant.v1.ListProjectsResponse;
import chant.v1.Project;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant project list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List all projects, by name.")
public final class ProjectListCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the ListProjectsResponse as proto JSON.")
    boolean json;

    @Override
    protected int run(Connection connection) {
        ListProjectsResponse response = connection.projects().listProjects(ListProjectsRequest.getDefaultInstance());
        if (json) {
            out().println(Json.print(response));
            return ExitCodes.OK;
        }
        if (response.getProjectsCount() == 0) {
            out().println("No projects yet: create one with chant project add NAME");
            return ExitCodes.OK;
        }
        Table table = Table.withHeaders("NAME", "DEFAULT BRANCH", "BRANCH PREFIX", "DEFAULT PROMPT", "REJECTION ACTION",
                "RUN TIMEOUT", "CREATED", "REPOSITORY");
        for (Project project : response.getProjectsList()) {
            table.row(project.getName(), project.getDefaultBranch(), project.getBranchPrefix(),
                    project.getDefaultPrompt(), SpecEnums.REJECTION_ACTIONS.name(project.getRejectionAction()),
                    project.getRunTimeoutSeconds() == 0 ? "default" : project.getRunTimeoutSeconds() + " s",
                    project.hasCreateTime() ? Instant.ofEpochSecond(project.getCreateTime().getSeconds()).toString() : "",
                    project.getRepoUrl());
        }
        table.render(Integer.MAX_VALUE).forEach(out()::println);
        return ExitCodes.OK;
    }
}
