package chant.cli.transfer;

import chant.cli.format.Plural;
import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.transfer.ChantFolder.LocalFile;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import com.google.protobuf.ByteString;
import io.grpc.StatusException;
import io.grpc.stub.BlockingClientCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant import <dir>}: uploads a chant {@code .chant/} folder. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a chant .chant/ folder (DIR, or DIR/.chant when it exists).",
                "Files under specs/ and archive/ become specs (the file name is the ID), config.md sets the "
                        + "project defaults, other files are kept as documents. Hidden files and files over 8 MiB "
                        + "are not sent.",
                "Without --project (or CHANT_PROJECT, or the config file) the project named in config.md "
                        + "(project.name) is used.",
                "Prints one line per file and a summary. Exit code 0 when every file was imported, 1 when "
                        + "any was refused."})
public final class ImportCommand extends ClientCommand {

    @Parameters(paramLabel = "DIR", description = "The .chant/ folder, or the repository that holds it.")
    Path dir;

    @Option(names = "--create-project", description = "Create the project when it does not exist.")
    boolean createProject;

    @Option(names = "--replace", description = "Replace specs whose IDs already exist instead of refusing them.")
    boolean replace;

    @Override
    protected int run(Connection connection) throws StatusException {
        ChantFolder folder = ChantFolder.scan(dir);
        for (LocalFile file : folder.oversized()) {
            err().println(String.format(Locale.ROOT, "chant: warning: not importing %s: %.1f MiB is over the 8 MiB limit",
                    file.path(), file.size() / (1024.0 * 1024.0)));
        }
        if (folder.hidden() > 0) {
            err().println("chant: note: left out " + Plural.of(folder.hidden(), "hidden file or folder", "hidden files and folders")
                    + " (names starting with '.')");
        }
        // config.md names the project (project.name) when nothing else does.
        String project = connection.config().project().orElseGet(() -> folder.hasConfig() ? "" : project(connection));
        ImportHeader header = ImportHeader.newBuilder()
                .setProject(project).setCreateProject(createProject).setReplaceExisting(replace).build();
        ImportSpecsResponse response = upload(connection, header, folder);
        ImportReport.print(response, out());
        return response.getRefusedCount() > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** Header first, then one file per message; each write waits until the transport is ready. */
    private static ImportSpecsResponse upload(Connection connection, ImportHeader header, ChantFolder folder)
            throws StatusException {
        BlockingClientCall<ImportSpecsRequest, ImportSpecsResponse> call = connection.specUpload().importSpecs();
        try {
            boolean open = call.write(ImportSpecsRequest.newBuilder().setHeader(header).build());
            for (LocalFile file : folder.files()) {
                if (!open) {
                    break; // the server answered early (an error); read() reports it
                }
                open = call.write(ImportSpecsRequest.newBuilder()
                        .setFile(ImportFile.newBuilder().setPath(file.path()).setContent(read(call, file)))
                        .build());
            }
            if (open) {
                call.halfClose();
            }
            ImportSpecsResponse response = call.read();
            if (response == null) {
                throw CliException.failed("spec-service ended the import without a report", null);
            }
            return response;
        } catch (InterruptedException e) {
            call.cancel("interrupted", e);
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted; the import may be incomplete", e);
        }
    }

    private static ByteString read(BlockingClientCall<?, ?> call, LocalFile file) {
        try {
            return ByteString.copyFrom(Files.readAllBytes(file.file()));
        } catch (IOException e) {
            call.cancel("cannot read " + file.path(), e);
            throw CliException.failed("cannot read " + file.file() + ": " + e + "; nothing was imported", e);
        }
    }
}
