package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.v1.GetDependencyGraphRequest;
import chant.v1.GraphNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant dag}: the dependency graph as text, dependencies first. */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = {"Print the dependency graph of the project, or of the specs carrying a label and what they depend on.",
                "One line per spec, every spec after the specs it depends on: '<id> [<status>] <title>', then "
                        + "'  <- <id>' for each spec it depends on and '  member of <driver>' for a group member."})
public final class DagCommand extends ClientCommand {

    @Option(names = "--label", paramLabel = "LABEL", description = "Only specs carrying this label, and what they depend on.")
    String label;

    @Override
    protected int run(Connection connection) {
        List<GraphNode> nodes = connection.lifecycle().getDependencyGraph(GetDependencyGraphRequest.newBuilder()
                .setProject(project(connection)).setLabel(label == null ? "" : label.strip()).build()).getNodesList();
        if (nodes.isEmpty()) {
            out().println("No specs.");
            return ExitCodes.OK;
        }
        for (GraphNode node : nodes) {
            out().println(node.getId() + " [" + SpecEnums.STATUSES.name(node.getStatus()) + "] " + node.getTitle());
            for (String dependency : node.getDependsOnList()) {
                out().println("  <- " + dependency);
            }
            if (!node.getDriver().isEmpty()) {
                out().println("  member of " + node.getDriver());
            }
        }
        return ExitCodes.OK;
    }
}
