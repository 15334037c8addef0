package chant.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportOutcome;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ImportedFile;
import chant.v1.ListProjectsResponse;
import chant.v1.Problem;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Severity;
import chant.v1.SpecServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest extends InProcessCliTest {

    @TempDir
    Path repo;

    private Path chant;

    @BeforeEach
    void writeFolder() throws IOException {
        chant = repo.resolve(".chant");
        write("config.md", "---\nproject:\n  name: demo\n---\n");
        write("specs/001-a.md", "# A\n");
        write("specs/002-b.md", "---\ntype: implementation\n---\n# B\n");
        write("research/notes.md", "notes\n");
        write(".gitignore", "*.lock\n");
        write(".locks/001-a.lock", "");
        write("specs/.001-a.md.swp", "x");
    }

    private void write(String path, String content) throws IOException {
        Path file = chant.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static ImportedFile file(String path, ImportOutcome outcome, String id, Problem... problems) {
        return ImportedFile.newBuilder().setPath(path).setOutcome(outcome).setSpecId(id)
                .addAllProblems(List.of(problems)).build();
    }

    private static Problem error(String field, String value, String message, int line) {
        return Problem.newBuilder().setField(field).setValue(value).setMessage(message).setLine(line)
                .setSeverity(Severity.SEVERITY_ERROR).build();
    }

    private static ImportSpecsRequest fileMessage(String path, String content) {
        return ImportSpecsRequest.newBuilder().setFile(ImportFile.newBuilder().setPath(path)
                .setContent(ByteString.copyFromUtf8(content))).build();
    }

    @Test
    void sendsTheHeaderThenEachFileAndReportsEveryFile() {
        server.reply(SpecServiceGrpc.getImportSpecsMethod(), ImportSpecsResponse.newBuilder().setProject(PROJECT)
                .addFiles(file("config.md", ImportOutcome.IMPORT_OUTCOME_CONFIG, ""))
                .addFiles(file("research/notes.md", ImportOutcome.IMPORT_OUTCOME_DOCUMENT, ""))
                .addFiles(file("specs/001-a.md", ImportOutcome.IMPORT_OUTCOME_IMPORTED, "001-a"))
                .addFiles(file("specs/002-b.md", ImportOutcome.IMPORT_OUTCOME_REFUSED, "",
                        error("type", "implementation", "unknown type; allowed: code, task, driver, group, "
                                + "documentation, research", 2),
                        error("depends_on", "", "must be a list of IDs", 0)))
                .setImportedCount(1).setRefusedCount(1).setDocumentCount(1).build());

        Result result = run("import", repo.toString(), "--create-project", "--replace");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of(
                ImportSpecsRequest.newBuilder().setHeader(ImportHeader.newBuilder().setProject(PROJECT)
                        .setCreateProject(true).setReplaceExisting(true)).build(),
                fileMessage("config.md", "---\nproject:\n  name: demo\n---\n"),
                fileMessage("research/notes.md", "notes\n"),
                fileMessage("specs/001-a.md", "# A\n"),
                fileMessage("specs/002-b.md", "---\ntype: implementation\n---\n# B\n")),
                server.requests(SpecServiceGrpc.getImportSpecsMethod()));
        assertEquals(List.of(
                "config    config.md",
                "document  research/notes.md",
                "imported  specs/001-a.md -> 001-a",
                "refused   specs/002-b.md:",
                "          line 2: type: unknown type; allowed: code, task, driver, group, documentation, research "
                        + "(value: 'implementation')",
                "          depends_on: must be a list of IDs",
                "Imported 1 spec, refused 1, 1 document into project demo."), result.outLines());
        assertEquals(List.of("chant: note: left out 3 hidden files and folders (names starting with '.')"),
                result.errLines());
    }

    @Test
    void exitsWith0WhenNothingWasRefusedAndShowsWarningsAndSingleProblemsInline() {
        server.reply(SpecServiceGrpc.getImportSpecsMethod(), ImportSpecsResponse.newBuilder().setProject(PROJECT)
                .addFiles(file("specs/001-a.md", ImportOutcome.IMPORT_OUTCOME_IMPORTED, "001-a",
                        Problem.newBuilder().setField("model").setMessage("unknown model 'gpt-9'")
                                .setSeverity(Severity.SEVERITY_WARNING).build()))
                .setImportedCount(1).build());

        Result result = run("import", chant.toString());

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "imported  specs/001-a.md -> 001-a",
                "          warning: model: unknown model 'gpt-9'",
                "Imported 1 spec, refused 0, 0 documents into project demo."), result.outLines());
    }

    @Test
    void aSingleProblemStaysOnTheFilesLine() {
        server.reply(SpecServiceGrpc.getImportSpecsMethod(), ImportSpecsResponse.newBuilder().setProject(PROJECT)
                .addFiles(file("specs/002-b.md", ImportOutcome.IMPORT_OUTCOME_REFUSED, "",
                        error("", "", "malformed YAML: mapping values are not allowed here", 3)))
                .setRefusedCount(1).build());

        Result result = run("import", repo.toString());

        assertEquals(1, result.exitCode());
        assertEquals("refused   specs/002-b.md: line 3: malformed YAML: mapping values are not allowed here",
                result.outLines().get(0));
    }

    @Test
    void withoutAChosenProjectConfigMdNamesIt() {
        env.remove("CHANT_PROJECT");
        server.reply(SpecServiceGrpc.getImportSpecsMethod(), ImportSpecsResponse.newBuilder().setProject("demo").build());

        run("import", repo.toString());

        assertEquals("", server.requests(SpecServiceGrpc.getImportSpecsMethod()).get(0).getHeader().getProject());
        assertEquals(List.of(), server.requests(ProjectServiceGrpc.getListProjectsMethod()));
    }

    @Test
    void withoutConfigMdTheUsualProjectChoiceApplies() throws IOException {
        env.remove("CHANT_PROJECT");
        Files.delete(chant.resolve("config.md"));
        server.reply(ProjectServiceGrpc.getListProjectsMethod(), ListProjectsResponse.newBuilder()
                .addProjects(Project.newBuilder().setName("solo")).build());
        server.reply(SpecServiceGrpc.getImportSpecsMethod(), ImportSpecsResponse.newBuilder().setProject("solo").build());

        run("import", repo.toString());

        assertEquals("solo", server.requests(SpecServiceGrpc.getImportSpecsMethod()).get(0).getHeader().getProject());
    }

    @Test
    void filesOver8MibAreLeftOutWithAWarning() throws IOException {
        try (RandomAccessFile big = new RandomAccessFile(chant.resolve("research/big.md").toFile(), "rw")) {
            big.setLength(ChantFolder.MAX_FILE_BYTES + 1);
        }
        server.reply(SpecServiceGrpc.getImportSpecsMethod(), ImportSpecsResponse.newBuilder().setProject(PROJECT).build());

        Result result = run("import", repo.toString());

        assertEquals("chant: warning: not importing research/big.md: 8.0 MiB is over the 8 MiB limit",
                result.errLines().get(0));
        assertEquals(5, server.requests(SpecServiceGrpc.getImportSpecsMethod()).size());
    }

    @Test
    void aMissingProjectExitsWith3() {
        server.reply(SpecServiceGrpc.getImportSpecsMethod(),
                Status.NOT_FOUND.withDescription("project 'demo' does not exist (pass create_project to create it)"));

        Result result = run("import", repo.toString());

        assertEquals(3, result.exitCode());
        assertEquals("chant: project 'demo' does not exist (pass create_project to create it)",
                result.errLines().get(result.errLines().size() - 1));
    }

    @Test
    void aFolderThatDoesNotExistIsRefusedBeforeSendingAnything() {
        Result result = run("import", repo.resolve("nope").toString());

        assertEquals(1, result.exitCode());
        assertEquals("chant: not a folder: " + repo.resolve("nope") + "\n", result.err());
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getImportSpecsMethod()));
    }
}
