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
import java.io.PrintWriter;
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
                        + "and saves the edited file. When someone else changed the spec meanwhile, their change and "
                        + "yours are merged line by line; when both changed the same lines, both are shown and nothing "
                        + "is saved (exit code 6). If saving fails, the edited file is kept and its path printed."})
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
            return saveMarkdown(connection, project, read(connection, project, id, true), markdown, null,
                    markdownFile);
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
        return saveMarkdown(connection, project, current, edited, file, file);
    }

    /**
     * Sends a whole markdown file. When someone else changed the spec since {@code current}
     * (ABORTED), reads it again and merges: the changes from {@code current} to the edit and from
     * {@code current} to the new version, line by line. A clean merge is saved (on the new version);
     * when both changed the same lines, the conflicting parts are shown and nothing is saved.
     *
     * @param editedFile the temporary file of an editor session, removed after saving and kept
     *                   (its path printed) on failure; null for --markdown-file
     * @param source     where the edit is (for messages)
     */
    private int saveMarkdown(Connection connection, String project, GetSpecResponse current, String markdown,
                             Path editedFile, Path source) throws IOException {
        Spec spec = current.getSpec();
        if (markdown.equals(current.getMarkdown())) {
            out().println("No changes.");
            if (editedFile != null) {
                Files.deleteIfExists(editedFile);
            }
            return ExitCodes.OK;
        }
        String base = current.getMarkdown();
        String yours = markdown;
        long version = spec.getVersion();
        Spec updated;
        for (int attempt = 0; ; attempt++) {
            try {
                updated = connection.specs().updateSpec(UpdateSpecRequest.newBuilder()
                        .setProject(project).setId(spec.getId()).setExpectedVersion(version)
                        .setMarkdown(yours).build()).getSpec();
                break;
            } catch (StatusRuntimeException e) {
                boolean aborted = e.getStatus().getCode() == Status.Code.ABORTED;
                if (!aborted || attempt == MAX_RETRIES) {
                    CliException failure = connection.toCliException(e.getStatus(), e);
                    if (aborted) {
                        failure = failure.withSuffix(" (gave up after " + MAX_RETRIES + " retries)");
                    }
                    throw kept(failure, aborted ? "; someone else changed the spec while you edited it." : null,
                            spec.getId(), editedFile);
                }
            }
            // Someone else saved first: merge their change and ours.
            GetSpecResponse theirs = read(connection, project, spec.getId(), true);
            ThreeWayMerge.Result merge = ThreeWayMerge.merge(base, yours, theirs.getMarkdown());
            if (!merge.clean()) {
                printConflicts(merge, theirs.getSpec().getVersion());
                String message = "someone else changed " + spec.getId() + " while you edited it (now version "
                        + theirs.getSpec().getVersion() + ") and changed the same lines, shown above; nothing was saved";
                throw editedFile == null
                        ? new CliException(ExitCodes.CONFLICT, message + ". Merge " + source + " with 'chant show "
                                + spec.getId() + " --raw', then save it again")
                        : kept(new CliException(ExitCodes.CONFLICT, message), ".", spec.getId(), editedFile);
            }
            if (merge.text().equals(theirs.getMarkdown())) {
                out().println("No changes: version " + theirs.getSpec().getVersion() + " has your edit already.");
                if (editedFile != null) {
                    Files.deleteIfExists(editedFile);
                }
                return ExitCodes.OK;
            }
            base = theirs.getMarkdown();
            yours = merge.text();
            version = theirs.getSpec().getVersion();
            err().println("chant: note: someone else changed " + spec.getId() + " meanwhile (now version " + version
                    + "); merged their change with yours");
            err().flush();
        }
        if (editedFile != null) {
            Files.deleteIfExists(editedFile);
        }
        out().println("Updated spec: " + updated.getId() + " (version " + updated.getVersion() + ")");
        return ExitCodes.OK;
    }

    /**
     * The failure, with where the edited file is kept and how to save it again.
     *
     * @param conflict for a conflict, the text that ends the failure's sentence; null otherwise
     */
    private static CliException kept(CliException failure, String conflict, String specId, Path editedFile) {
        if (editedFile == null) {
            return failure;
        }
        String again = "chant edit " + specId + " --markdown-file " + editedFile;
        return failure.withSuffix(conflict != null
                ? conflict + " Your edit is kept in " + editedFile
                        + ": compare it with 'chant show " + specId + " --raw', then save it with '" + again + "'"
                : "; your edit is kept in " + editedFile + " (fix it, then save it with '" + again + "')");
    }

    /** Each conflicting part: your lines, then theirs, between conflict markers. */
    private void printConflicts(ThreeWayMerge.Result merge, long theirVersion) {
        PrintWriter out = out();
        out.println("Your edit and version " + theirVersion + " both changed these lines:");
        for (ThreeWayMerge.Conflict conflict : merge.conflicts()) {
            out.println("<<<<<<< your edit");
            conflict.yours().forEach(line -> out.print(line.endsWith("\n") ? line : line + "\n"));
            out.println("=======");
            conflict.theirs().forEach(line -> out.print(line.endsWith("\n") ? line : line + "\n"));
            out.println(">>>>>>> version " + theirVersion);
        }
        out.flush();
    }

    private static GetSpecResponse read(Connection connection, String project, String id, boolean markdown) {
        return connection.specs().getSpec(GetSpecRequest.newBuilder()
                .setProject(project).setId(id).setIncludeMarkdown(markdown).build());
    }

    private static StringList list(List<String> values) {
        return StringList.newBuilder().addAllValues(values).build();
    }
}
