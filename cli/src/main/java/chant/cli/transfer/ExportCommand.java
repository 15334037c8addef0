package chant.cli.transfer;

import chant.cli.format.Plural;
import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.ExportSpecsRequest;
import chant.v1.ExportSpecsResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant export <dir>}: writes the project as a chant {@code .chant/} folder. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the project as a chant .chant/ folder into DIR (created when missing): "
                + "config.md, specs/<id>.md, archive/<folder>/<id>.md and the documents.",
                "Files that exist are replaced; each file is written to a temporary file and moved into place.",
                "A path from the server that is absolute or contains '..' is refused (exit code 1)."})
public final class ExportCommand extends ClientCommand {

    @Parameters(paramLabel = "DIR", description = "Folder to write into, for example .chant")
    Path dir;

    @Option(names = "--exclude-archived", description = "Leave archived specs out.")
    boolean excludeArchived;

    @Override
    protected int run(Connection connection) {
        ExportSpecsRequest request = ExportSpecsRequest.newBuilder()
                .setProject(project(connection)).setExcludeArchived(excludeArchived).build();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliException.failed("cannot create " + dir + ": " + e, e);
        }
        Iterator<ExportSpecsResponse> files = connection.specStream().exportSpecs(request);
        int written = 0;
        int refused = 0;
        while (files.hasNext()) {
            ExportSpecsResponse file = files.next();
            Optional<Path> target = ExportFiles.resolve(dir, file.getPath());
            if (target.isEmpty()) {
                err().println("chant: refused unsafe path from the server: '" + file.getPath()
                        + "' (absolute or containing '..')");
                refused++;
                continue;
            }
            try {
                ExportFiles.writeAtomically(target.get(), file.getContent().toByteArray());
            } catch (IOException e) {
                throw CliException.failed("cannot write " + target.get() + ": " + e + " (" + Plural.of(written, "file was", "files were")
                        + " written)", e);
            }
            written++;
        }
        out().println("Exported " + Plural.of(written, "file") + " to " + dir);
        return refused > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
