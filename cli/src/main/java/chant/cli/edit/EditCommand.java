package chant.cli.edit;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.BodyOption;
import chant.cli.spec.SpecFieldOptions;
import chant.cli.spec.Values;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chant edit <id>}: changes fields given as flags, or, without flags, opens the spec's
 * markdown file in an editor and sends the edited file back.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Change a spec.",
                "With field options: reads the spec and changes only those fields; when someone else changed "
                        + "the spec meanwhile, reads it again and re-applies the options (up to 3 times).",
                "List options replace the whole list (an empty value clears it); --add-label and "
                        + "--remove-label change the labels instead.",
                "Without field options: opens the spec's markdown file in $VISUAL, else $EDITOR, else vi, "
                        + "and saves the edited file. If saving fails, the edited file is kept and its path printed."})
public final class EditCommand extends ClientCommand {
    /** Retries after an ABORTED update, each on a fresh read. */
    static final int MAX_RETRIES = 3;

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--title", paramLabel = "TITLE", description = "New title.")
    String title;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    BodyOption body;

    @Mixin
    SpecFieldOptions fields;

    @Option(names = "--status", paramLabel = "STATUS", description = "New status (the server checks the transition).")
    SpecStatus status;

    @Option(names = "--add-label", paramLabel = "LABEL", split = ",", description = "Add a label.")
    List<String> addLabels;

    @Option(names = "--remove-label", paramLabel = "LABEL", split = ",", description = "Remove a label.")
    List<String> removeLabels;

    @Option(names = "--needs-approval", negatable = true,
            description = "--needs-approval adds a pending approval requirement; --no-needs-approval removes it.")
    Boolean needsApproval;

    @Option(names = "--markdown-file", paramLabel = "FILE",
            description = "Replace the whole spec with this chant markdown file (frontmatter and body), "
                    + "for example an edit kept after a failed save. Not combined with field options.")
    Path markdownFile;

    @Override
    protected int run(Connection connection) throws IOException {
        if (markdownFile != null && hasFieldOptions()) {
            throw new CliException(ExitCodes.USAGE, "--markdown-file cannot be combined with field options");
        }
        String project = project(connection);
        if (markdownFile != null) {
            String markdown;
            try {
                markdown = Files.readString(markdownFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.failed("cannot read " + markdownFile + ": " + e, e);
            }
            return saveMarkdown(connection, project, read(connection, project, id, true), markdown, null);
        }
        return hasFieldOptions() ? editFields(connection, project) : editInEditor(connection, project);
    }

    boolean hasFieldOptions() {
        return Stream.of(title, body, status, addLabels, removeLabels, needsApproval, fields.type, fields.labels,
                fields.dependsOn, fields.informedBy, fields.context, fields.targetFiles, fields.prompt, fields.model)
                .anyMatch(value -> value != null);
    }

    private int editFields(Connection connection, String project) {
        String bodyText = body == null ? null : body.read(context().terminal().in());
        String target = id;
        for (int attempt = 0; ; attempt++) {
            Spec current = read(connection, project, target, false).getSpec();
            target = current.getId();
            try {
                Spec updated = connection.specs().updateSpec(update(project, current, bodyText)).getSpec();
                out().println("Updated spec: " + updated.getId() + " (version " + updated.getVersion() + ")");
                return ExitCodes.OK;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED) {
                    throw e;
                }
                if (attempt == MAX_RETRIES) {
                    throw connection.toCliException(e.getStatus(), e)
                            .withSuffix(" (gave up after " + MAX_RETRIES + " retries)");
                }
                // Someone else wrote first: read the new version and apply the options to it.
            }
        }
    }

    /** The update the options ask for, on top of the version just read. */
    UpdateSpecRequest update(String project, Spec current, String bodyText) {
        UpdateSpecRequest.Builder request = UpdateSpecRequest.newBuilder()
                .setProject(project).setId(current.getId()).setExpectedVersion(current.getVersion());
        if (title != null) {
            request.setTitle(title);
        }
        if (bodyText != null) {
            request.setBody(bodyText);
        }
        if (fields.type != null) {
            request.setType(fields.type);
        }
        if (status != null) {
            request.setStatus(status);
        }
        if (fields.labels != null || addLabels != null || removeLabels != null) {
            Set<String> labels = new LinkedHashSet<>(
                    fields.labels != null ? Values.clean(fields.labels) : current.getLabelsList());
            labels.addAll(Values.clean(addLabels));
            Values.clean(removeLabels).forEach(labels::remove);
            request.setLabels(list(new ArrayList<>(labels)));
        }
        if (fields.dependsOn != null) {
            request.setDependsOn(list(Values.clean(fields.dependsOn)));
        }
        if (fields.informedBy != null) {
            request.setInformedBy(list(Values.clean(fields.informedBy)));
        }
        if (fields.context != null) {
            request.setContext(list(Values.clean(fields.context)));
        }
        if (fields.targetFiles != null) {
            request.setTargetFiles(list(Values.clean(fields.targetFiles)));
        }
        if (fields.prompt != null) {
            request.setPrompt(fields.prompt);
        }
        if (fields.model != null) {
            request.setModel(fields.model);
        }
        if (needsApproval != null) {
            request.setNeedsApproval(needsApproval);
        }
        return request.build();
    }

    private int editInEditor(Connection connection, String project) throws IOException {
        GetSpecResponse current = read(connection, project, id, true);
        Path file = Files.createTempFile("chant-" + current.getSpec().getId().replaceAll("[^A-Za-z0-9._-]", "_") + "-", ".md");
        Files.writeString(file, current.getMarkdown(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(EditorCommand.resolve(context().settings()));
        command.add(file.toString());
        int exit;
        try {
            exit = context().processes().run(command);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw CliException.failed("cannot start the editor '" + command.get(0) + "': " + e.getMessage()
                    + " (set $VISUAL or $EDITOR)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while waiting for the editor; the spec was not changed "
                    + "(your edit is kept in " + file + ")", e);
        }
        if (exit != 0) {
            throw CliException.failed("the editor exited with status " + exit + "; the spec was not changed "
                    + "(your edit is kept in " + file + ")", null);
        }
        String edited = Files.readString(file, StandardCharsets.UTF_8);
        return saveMarkdown(connection, project, current, edited, file);
    }

    /** Sends a whole markdown file; on failure the edited file stays where it is. */
    private int saveMarkdown(Connection connection, String project, GetSpecResponse current, String markdown,
                             Path editedFile) throws IOException {
        Spec spec = current.getSpec();
        if (markdown.equals(current.getMarkdown())) {
            out().println("No changes.");
            if (editedFile != null) {
                Files.deleteIfExists(editedFile);
            }
            return ExitCodes.OK;
        }
        Spec updated;
        try {
            updated = connection.specs().updateSpec(UpdateSpecRequest.newBuilder()
                    .setProject(project).setId(spec.getId()).setExpectedVersion(spec.getVersion())
                    .setMarkdown(markdown).build()).getSpec();
        } catch (StatusRuntimeException e) {
            CliException failure = connection.toCliException(e.getStatus(), e);
            if (editedFile == null) {
                throw failure;
            }
            String again = "chant edit " + spec.getId() + " --markdown-file " + editedFile;
            throw failure.withSuffix(e.getStatus().getCode() == Status.Code.ABORTED
                    ? "; someone else changed the spec while you edited it. Your edit is kept in " + editedFile
                            + ": compare it with 'chant show " + spec.getId() + " --raw', then save it with '" + again + "'"
                    : "; your edit is kept in " + editedFile + " (fix it, then save it with '" + again + "')");
        }
        if (editedFile != null) {
            Files.deleteIfExists(editedFile);
        }
        out().println("Updated spec: " + updated.getId() + " (version " + updated.getVersion() + ")");
        return ExitCodes.OK;
    }

    private static GetSpecResponse read(Connection connection, String project, String id, boolean markdown) {
        return connection.specs().getSpec(GetSpecRequest.newBuilder()
                .setProject(project).setId(id).setIncludeMarkdown(markdown).build());
    }

    private static StringList list(List<String> values) {
        return StringList.newBuilder().addAllValues(values).build();
    }
}
