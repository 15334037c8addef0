package chant.cli.transfer;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.format.Plural;
import chant.cli.rpc.Connection;
import chant.v1.ExportSpecsRequest;
import chant.v1.ExportSpecsResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chant export <dir>}: writes the project as a chant {@code .chant/} folder. Everything is
 * fetched before anything is written, so a failed fetch leaves the folder as it was (and creates
 * none).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the project as a chant .chant/ folder into DIR (created when missing): "
                + "config.md, specs/<id>.md, archive/<folder>/<id>.md and the documents.",
                "DIR must be empty or missing, unless --force: then its specs/ and archive/ trees and config.md are "
                        + "replaced by the export (specs deleted since an earlier export do not linger); other files "
                        + "are kept, documents of the export overwrite theirs.",
                "The whole export is fetched first; each file is written to a temporary file and moved into place.",
                "A path from the server that is absolute or contains '..' is refused (exit code 1)."})
public final class ExportCommand extends ClientCommand {
    /** What --force replaces in DIR. */
    static final List<String> REPLACED = List.of("specs", "archive", "config.md");

    @Parameters(paramLabel = "DIR", description = "Folder to write into, for example .chant")
    Path dir;

    @Option(names = "--exclude-archived", description = "Leave archived specs out.")
    boolean excludeArchived;

    @Option(names = "--force", description = "Export into a folder that holds files: replace its specs/, "
            + "archive/ and config.md.")
    boolean force;

    @Override
    protected int run(Connection connection) {
        boolean existing = nonEmpty(dir);
        if (existing && !force) {
            throw new CliException(ExitCodes.FAILED, dir + " is not empty: pass --force to replace its specs/, "
                    + "archive/ and config.md with the export (other files are kept)");
        }
        ExportSpecsRequest request = ExportSpecsRequest.newBuilder()
                .setProject(project(connection)).setExcludeArchived(excludeArchived).build();
        List<ExportSpecsResponse> fetched = new ArrayList<>();
        connection.specStream().exportSpecs(request).forEachRemaining(fetched::add);

        Map<Path, ExportSpecsResponse> files = new LinkedHashMap<>();
        int refused = 0;
        for (ExportSpecsResponse file : fetched) {
            Optional<Path> target = ExportFiles.resolve(dir, file.getPath());
            if (target.isEmpty()) {
                err().println("chant: refused unsafe path from the server: '" + file.getPath()
                        + "' (absolute or containing '..')");
                refused++;
            } else {
                files.put(target.get(), file);
            }
        }
        try {
            Files.createDirectories(dir);
            if (existing) {
                for (String replaced : REPLACED) {
                    ExportFiles.deleteTree(dir.resolve(replaced));
                }
            }
        } catch (IOException e) {
            throw CliException.failed("cannot prepare " + dir + ": " + e, e);
        }
        int written = 0;
        for (Map.Entry<Path, ExportSpecsResponse> file : files.entrySet()) {
            try {
                ExportFiles.writeAtomically(file.getKey(), file.getValue().getContent().toByteArray());
            } catch (IOException e) {
                throw CliException.failed("cannot write " + file.getKey() + ": " + e + " ("
                        + Plural.of(written, "file was", "files were") + " written)", e);
            }
            written++;
        }
        out().println("Exported " + Plural.of(written, "file") + " to " + dir);
        return refused > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** Whether {@code dir} exists and holds anything; a file that is not a folder is refused. */
    private static boolean nonEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.FAILED, dir + " exists and is not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw CliException.failed("cannot read " + dir + ": " + e, e);
        }
    }
}
