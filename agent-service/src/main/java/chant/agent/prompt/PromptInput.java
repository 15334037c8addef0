package chant.agent.prompt;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import chant.agent.work.MergeConflict;
import chant.agent.work.WorkSpec;

/**
 * What a prompt is rendered from: the spec and where the agent works.
 *
 * @param project     the project's name
 * @param specId      the spec's full ID
 * @param title       the spec's title (its first {@code # } heading); blank for none
 * @param body        the spec's markdown body
 * @param targetFiles the spec's {@code target_files}
 * @param context     the spec's {@code context} paths, whose contents are given to the agent
 * @param informedBy  the spec's {@code informed_by} paths, likewise
 * @param branch      the run's branch ({@code chant/<id>})
 * @param worktree    the run's worktree, where the agent works
 * @param conflict    where a merge-conflict run's rebase stopped; empty for other runs
 */
public record PromptInput(String project, String specId, String title, String body, List<String> targetFiles,
        List<String> context, List<String> informedBy, String branch, Path worktree,
        java.util.Optional<MergeConflict> conflict) {

    /** The input of a run that resolves no merge conflict. */
    public PromptInput(String project, String specId, String title, String body, List<String> targetFiles,
            List<String> context, List<String> informedBy, String branch, Path worktree) {
        this(project, specId, title, body, targetFiles, context, informedBy, branch, worktree, java.util.Optional.empty());
    }

    public PromptInput {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(worktree, "worktree");
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        targetFiles = List.copyOf(targetFiles);
        context = List.copyOf(context);
        informedBy = List.copyOf(informedBy);
        conflict = conflict == null ? java.util.Optional.empty() : conflict;
        if (specId.isBlank()) {
            throw new IllegalArgumentException("a prompt is for a spec: the spec ID is empty");
        }
    }

    /** The input of a run of {@code spec} that works on {@code branch} in {@code worktree} (a run and a dry run alike). */
    public static PromptInput of(WorkSpec spec, String branch, Path worktree) {
        return new PromptInput(spec.project(), spec.specId(), spec.title(), spec.body(), spec.targetFiles(), spec.context(),
                spec.informedBy(), branch, worktree);
    }

    /** The input of a merge-conflict run's round: the spec, its checkout and where the rebase stopped. */
    public static PromptInput resolving(WorkSpec spec, Path worktree, MergeConflict conflict) {
        return new PromptInput(spec.project(), spec.specId(), spec.title(), spec.body(), spec.targetFiles(), spec.context(),
                spec.informedBy(), conflict.branch(), worktree, java.util.Optional.of(conflict));
    }
}
