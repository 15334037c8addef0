package chant.cli.spec;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.Terminal;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.DeleteSpecRequest;
import chant.v1.GetSpecRequest;
import chant.v1.Spec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant delete <id>}: deletes a spec after asking. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a spec. Its ID is never allocated again.",
                "Asks for confirmation on a terminal; without a terminal, --yes is required."})
public final class DeleteCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected int run(Connection connection) throws IOException {
        Terminal terminal = context().terminal();
        if (!yes && !terminal.interactive()) {
            throw CliException.failed("not deleting " + id + ": standard input is not a terminal, "
                    + "so pass --yes to confirm", null);
        }
        String project = project(connection);
        DeleteSpecRequest.Builder request = DeleteSpecRequest.newBuilder().setProject(project).setId(id);
        if (!yes) {
            Spec spec = connection.specs().getSpec(GetSpecRequest.newBuilder()
                    .setProject(project).setId(id).build()).getSpec();
            out().print("Delete " + spec.getId() + " '" + spec.getTitle() + "'? [y/N] ");
            out().flush();
            String answer = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
            if (answer == null || !(answer.strip().toLowerCase(Locale.ROOT).matches("y|yes"))) {
                out().println("Not deleted.");
                return ExitCodes.OK;
            }
            // Delete what was shown: if the spec changed since, the server answers ABORTED.
            request.setId(spec.getId()).setExpectedVersion(spec.getVersion());
        }
        String deleted = connection.specs().deleteSpec(request.build()).getId();
        out().println("Deleted spec: " + deleted);
        return ExitCodes.OK;
    }
}
