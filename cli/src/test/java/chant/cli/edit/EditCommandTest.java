package chant.cli.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.ProcessRunner;
import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.StringList;
import chant.v1.UpdateSpecRequest;
import chant.v1.UpdateSpecResponse;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditCommandTest extends InProcessCliTest {
    private static final String ID = "2026-01-22-001-x7m";
    private static final String MARKDOWN = "---\ntype: code\nstatus: pending\n---\n# Fix the login\n";
    private static final Status ABORTED = Status.ABORTED.withDescription(
            "spec " + ID + " changed since version 3 (now 4): read it again");

    @TempDir
    Path temp;

    private final List<List<String>> editorCommands = new ArrayList<>();

    private static GetSpecResponse read(long version, String... labels) {
        return GetSpecResponse.newBuilder()
                .setSpec(Specs.spec(ID, "Fix the login", version).addAllLabels(List.of(labels)))
                .setMarkdown(MARKDOWN).build();
    }

    private static GetSpecResponse readMarkdown(long version, String markdown) {
        return GetSpecResponse.newBuilder().setSpec(Specs.spec(ID, "Fix the login", version)).setMarkdown(markdown).build();
    }

    private static UpdateSpecResponse updated(long version) {
        return UpdateSpecResponse.newBuilder().setSpec(Specs.spec(ID, "Fix the login", version)).build();
    }

    /** An editor that records its command and rewrites the file it was given. */
    private ProcessRunner editorWriting(String content, int exitCode) {
        return command -> {
            editorCommands.add(command);
            Files.writeString(Path.of(command.get(command.size() - 1)), content);
            return exitCode;
        };
    }

    @Test
    void anAbortedFieldEditIsReadAgainAndRetriedOnTheNewVersion() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3, "ui"), read(4, "ui", "auth"));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), ABORTED, updated(5));

        Result result = run("edit", "x7m", "--title", "Fix the login flow", "--add-label", "p1");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Updated spec: " + ID + " (version 5)\n", result.out());
        assertEquals(List.of("x7m", ID),
                server.requests(SpecServiceGrpc.getGetSpecMethod()).stream().map(GetSpecRequest::getId).toList());
        List<UpdateSpecRequest> updates = server.requests(SpecServiceGrpc.getUpdateSpecMethod());
        assertEquals(List.of(
                UpdateSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(3)
                        .setTitle("Fix the login flow").setLabels(labels("ui", "p1")).build(),
                UpdateSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(4)
                        .setTitle("Fix the login flow").setLabels(labels("ui", "auth", "p1")).build()),
                updates);
    }

    @Test
    void givesUpAfterThreeRetries() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3), read(4), read(5), read(6));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), ABORTED, ABORTED, ABORTED, ABORTED);

        Result result = run("edit", "x7m", "--status", "in_progress");

        assertEquals(6, result.exitCode());
        assertEquals(List.of("chant: " + ABORTED.getDescription() + " (gave up after 3 retries)"), result.errLines());
        assertEquals(4, server.requests(SpecServiceGrpc.getUpdateSpecMethod()).size());
    }

    @Test
    void fieldOptionsSetOnlyTheirFields() throws IOException {
        Path body = Files.writeString(temp.resolve("body.md"), "## Acceptance Criteria\n\n- [ ] it works\n");
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3, "old"));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), updated(4));

        Result result = run("edit", "x7m", "--type", "task", "--status", "completed", "--label", "a,b",
                "--remove-label", "b", "--depends-on", "", "--target-file", "x.rs", "--prompt", "tdd",
                "--model", "", "--no-needs-approval", "--body-file", body.toString());

        assertEquals(0, result.exitCode(), result.toString());
        UpdateSpecRequest update = server.requests(SpecServiceGrpc.getUpdateSpecMethod()).get(0);
        assertEquals(UpdateSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(3)
                .setType(SpecType.SPEC_TYPE_TASK).setStatus(SpecStatus.SPEC_STATUS_COMPLETED)
                .setLabels(labels("a")).setDependsOn(labels()).setTargetFiles(labels("x.rs"))
                .setPrompt("tdd").setModel("").setNeedsApproval(false)
                .setBody("## Acceptance Criteria\n\n- [ ] it works\n").build(), update);
    }

    @Test
    void withoutFieldOptionsTheEditorEditsTheMarkdownFile() {
        env.put("VISUAL", "code --wait");
        env.put("EDITOR", "nano");
        String edited = MARKDOWN.replace("status: pending", "status: in_progress");
        processes = editorWriting(edited, 0);
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), updated(4));

        Result result = run("edit", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(server.requests(SpecServiceGrpc.getGetSpecMethod()).get(0).getIncludeMarkdown());
        List<String> command = editorCommands.get(0);
        assertEquals(List.of("code", "--wait"), command.subList(0, 2));
        assertEquals(List.of(UpdateSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(3)
                .setMarkdown(edited).build()), server.requests(SpecServiceGrpc.getUpdateSpecMethod()));
        assertFalse(Files.exists(Path.of(command.get(2))), "the temporary file is removed after saving");
        assertEquals("Updated spec: " + ID + " (version 4)\n", result.out());
    }

    @Test
    void anUnchangedFileSavesNothing() {
        processes = editorWriting(MARKDOWN, 0);
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3));

        Result result = run("edit", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("No changes.\n", result.out());
        assertEquals(List.of("vi"), editorCommands.get(0).subList(0, 1));
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getUpdateSpecMethod()));
    }

    @Test
    void aConflictAfterEditingKeepsTheEditedFileAndItCanBeSavedLater() throws IOException {
        String edited = MARKDOWN + "\nMore detail.\n";
        processes = editorWriting(edited, 0);
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3),
                readMarkdown(4, MARKDOWN + "\nTheir detail.\n"));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), ABORTED);

        Result result = run("edit", "x7m");

        assertEquals(6, result.exitCode());
        assertEquals(1, result.errLines().size(), result.err());
        Matcher kept = Pattern.compile("Your edit is kept in (\\S+):").matcher(result.err());
        assertTrue(kept.find(), result.err());
        Path file = Path.of(kept.group(1));
        assertEquals(edited, Files.readString(file));

        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(4));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), updated(5));
        Result again = run("edit", ID, "--markdown-file", file.toString());

        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(UpdateSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(4)
                .setMarkdown(edited).build(), server.requests(SpecServiceGrpc.getUpdateSpecMethod()).get(1));
        Files.delete(file);
    }

    @Test
    void anEditorEditAfterAConcurrentChangeToOtherLinesIsMergedAndSaved() {
        String theirs = MARKDOWN.replace("type: code\n", "type: code\nlabels:\n- urgent\n");
        String yours = MARKDOWN + "\nMore detail.\n";
        processes = editorWriting(yours, 0);
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3), readMarkdown(4, theirs));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), ABORTED, updated(5));

        Result result = run("edit", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        List<UpdateSpecRequest> updates = server.requests(SpecServiceGrpc.getUpdateSpecMethod());
        assertEquals(2, updates.size());
        assertEquals(UpdateSpecRequest.newBuilder().setProject(PROJECT).setId(ID).setExpectedVersion(4)
                .setMarkdown(theirs + "\nMore detail.\n").build(), updates.get(1));
        assertEquals("Updated spec: " + ID + " (version 5)\n", result.out());
        assertEquals(List.of("chant: note: someone else changed " + ID + " meanwhile (now version 4); "
                + "merged their change with yours"), result.errLines());
        assertFalse(Files.exists(Path.of(editorCommands.get(0).get(1))), "the temporary file is removed after saving");
    }

    @Test
    void anEditorEditThatConflictsWithAConcurrentChangeShowsBothAndSavesNothing() throws IOException {
        String theirs = MARKDOWN.replace("# Fix the login", "# Fix the login redirect");
        String yours = MARKDOWN.replace("# Fix the login", "# Fix the login form");
        processes = editorWriting(yours, 0);
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3), readMarkdown(4, theirs));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), ABORTED);

        Result result = run("edit", "x7m");

        assertEquals(6, result.exitCode(), result.toString());
        assertEquals(1, server.requests(SpecServiceGrpc.getUpdateSpecMethod()).size(), "nothing is saved after the conflict");
        assertEquals(List.of("Your edit and version 4 both changed these lines:", "<<<<<<< your edit",
                "# Fix the login form", "=======", "# Fix the login redirect", ">>>>>>> version 4"), result.outLines());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().startsWith("chant: someone else changed " + ID + " while you edited it (now version 4) "
                + "and changed the same lines, shown above; nothing was saved. Your edit is kept in "), result.err());
        Path kept = Path.of(editorCommands.get(0).get(1));
        assertEquals(yours, Files.readString(kept));
        Files.delete(kept);
    }

    @Test
    void aMarkdownFileSavedAfterAConcurrentChangeIsMergedToo() throws IOException {
        String yours = MARKDOWN + "\nMore detail.\n";
        Path file = Files.writeString(temp.resolve("edit.md"), yours);
        String theirs = MARKDOWN.replace("status: pending", "status: in_progress");
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3), readMarkdown(4, theirs));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), ABORTED, updated(5));

        Result result = run("edit", "x7m", "--markdown-file", file.toString());

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(theirs + "\nMore detail.\n",
                server.requests(SpecServiceGrpc.getUpdateSpecMethod()).get(1).getMarkdown());
    }

    @Test
    void anEditorThatFailsChangesNothing() throws IOException {
        processes = editorWriting("half-written", 2);
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3));

        Result result = run("edit", "x7m");

        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("chant: the editor exited with status 2; the spec was not changed"),
                result.err());
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getUpdateSpecMethod()));
        Files.delete(Path.of(editorCommands.get(0).get(1)));
    }

    @Test
    void theEditorRunsAsAProgramWithArgumentsNotThroughAShell() {
        // sed stands in for an interactive editor: "sed -i s/pending/blocked/ FILE".
        env.put("EDITOR", "sed -i s/pending/blocked/");
        processes = ProcessRunner.inheritingIo();
        server.reply(SpecServiceGrpc.getGetSpecMethod(), read(3));
        server.reply(SpecServiceGrpc.getUpdateSpecMethod(), updated(4));

        Result result = run("edit", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(MARKDOWN.replace("status: pending", "status: blocked"),
                server.requests(SpecServiceGrpc.getUpdateSpecMethod()).get(0).getMarkdown());
    }

    @Test
    void markdownFileCannotBeCombinedWithFieldOptions() {
        Result result = run("edit", "x7m", "--markdown-file", "x.md", "--title", "T");

        assertEquals(2, result.exitCode());
        assertEquals("chant: --markdown-file cannot be combined with field options\n", result.err());
    }

    private static StringList labels(String... values) {
        return StringList.newBuilder().addAllValues(List.of(values)).build();
    }
}
