package chant.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.ScriptedServices;
import chant.v1.ExportSpecsRequest;
import chant.v1.ExportSpecsResponse;
import chant.v1.SpecServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest extends InProcessCliTest {

    @TempDir
    Path temp;

    private static ExportSpecsResponse file(String path, String content) {
        return ExportSpecsResponse.newBuilder().setPath(path).setContent(ByteString.copyFromUtf8(content)).build();
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFileUnderTheFolder() throws IOException {
        Path out = temp.resolve("export/.chant");
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), List.of(
                file("config.md", "---\nproject:\n  name: demo\n---\n"),
                file("specs/2026-01-22-001-x7m.md", "# A\n"),
                file("archive/2026-01/2026-01-02-001-abc.md", "# B\n")));

        Result result = run("export", out.toString(), "--exclude-archived");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Exported 3 files to " + out + "\n", result.out());
        assertEquals(List.of(ExportSpecsRequest.newBuilder().setProject(PROJECT).setExcludeArchived(true).build()),
                server.requests(SpecServiceGrpc.getExportSpecsMethod()));
        assertEquals(List.of("archive/2026-01/2026-01-02-001-abc.md", "config.md", "specs/2026-01-22-001-x7m.md"),
                filesUnder(out));
        assertEquals("# A\n", Files.readString(out.resolve("specs/2026-01-22-001-x7m.md")));
    }

    @Test
    void refusesPathsOutsideTheFolderAndWritesTheOthers() throws IOException {
        Path out = temp.resolve("out");
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), List.of(
                file("../x.md", "escape"),
                file("specs/a.md", "# A\n"),
                file("/tmp/abs.md", "absolute"),
                file("specs/../../y.md", "escape")));

        Result result = run("export", out.toString());

        assertEquals(1, result.exitCode());
        assertEquals(List.of("specs/a.md"), filesUnder(out));
        assertEquals(List.of("out/specs/a.md"), filesUnder(temp));
        assertEquals(List.of(
                "chant: refused unsafe path from the server: '../x.md' (absolute or containing '..')",
                "chant: refused unsafe path from the server: '/tmp/abs.md' (absolute or containing '..')",
                "chant: refused unsafe path from the server: 'specs/../../y.md' (absolute or containing '..')"),
                result.errLines());
        assertEquals("Exported 1 file to " + out + "\n", result.out());
    }

    @Test
    void replacesExistingFilesAndLeavesNoTemporaryFiles() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("specs"));
        Files.writeString(out.resolve("specs/a.md"), "old");
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), List.of(file("specs/a.md", "new")));

        Result result = run("export", out.toString(), "--force");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("new", Files.readString(out.resolve("specs/a.md")));
        assertEquals(List.of("specs/a.md"), filesUnder(out));
    }

    @Test
    void aFolderThatHoldsFilesIsRefusedWithoutForce() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("specs"));
        Files.writeString(out.resolve("specs/a.md"), "old");

        Result result = run("export", out.toString());

        assertEquals(1, result.exitCode());
        assertEquals(List.of("chant: " + out + " is not empty: pass --force to replace its specs/, archive/ and "
                + "config.md with the export (other files are kept)"), result.errLines());
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getExportSpecsMethod()));
        assertEquals("old", Files.readString(out.resolve("specs/a.md")));
    }

    @Test
    void anEmptyFolderNeedsNoForce() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), List.of(file("specs/a.md", "# A\n")));

        Result result = run("export", out.toString());

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("specs/a.md"), filesUnder(out));
    }

    @Test
    void forceReplacesTheSpecTreesAndConfigSoThatDeletedSpecsDoNotLinger() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("specs"));
        Files.createDirectories(out.resolve("archive/2026-01"));
        Files.createDirectories(out.resolve("research"));
        Files.writeString(out.resolve("specs/deleted-since.md"), "# gone\n");
        Files.writeString(out.resolve("specs/kept.md"), "# old\n");
        Files.writeString(out.resolve("archive/2026-01/old.md"), "# archived, then deleted\n");
        Files.writeString(out.resolve("config.md"), "old config\n");
        Files.writeString(out.resolve("research/notes.md"), "old notes\n");
        Files.writeString(out.resolve("README.txt"), "mine\n");
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), List.of(
                file("config.md", "new config\n"),
                file("specs/kept.md", "# new\n"),
                file("research/notes.md", "new notes\n")));

        Result result = run("export", out.toString(), "--force");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("README.txt", "config.md", "research/notes.md", "specs/kept.md"), filesUnder(out));
        assertEquals("# new\n", Files.readString(out.resolve("specs/kept.md")));
        assertEquals("new config\n", Files.readString(out.resolve("config.md")));
        assertEquals("new notes\n", Files.readString(out.resolve("research/notes.md")));
        assertFalse(Files.exists(out.resolve("archive")));
    }

    @Test
    void anUnreachableServiceCreatesNoFolder() {
        Path out = temp.resolve("never/created");

        Result result = runWith((service, address) -> InProcessChannelBuilder.forName("nobody-listens-here").build(),
                "export", out.toString());

        assertEquals(7, result.exitCode(), result.toString());
        assertFalse(Files.exists(temp.resolve("never")));
    }

    @Test
    void aStreamThatFailsHalfWayChangesNothing() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("specs"));
        Files.writeString(out.resolve("specs/a.md"), "old");
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), ScriptedServices.streamThenFail(
                Status.INTERNAL.withDescription("boom"), file("specs/b.md", "# B\n")));

        Result result = run("export", out.toString(), "--force");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of("specs/a.md"), filesUnder(out));
        assertEquals("old", Files.readString(out.resolve("specs/a.md")));
    }

    @Test
    void aMissingProjectExitsWith3() {
        server.reply(SpecServiceGrpc.getExportSpecsMethod(), Status.NOT_FOUND.withDescription("no project 'demo'"));

        Result result = run("export", temp.resolve("out").toString());

        assertEquals(3, result.exitCode());
        assertEquals("chant: no project 'demo'\n", result.err());
        assertFalse(Files.exists(temp.resolve("out/specs")));
    }
}
