package chant.agent.prompt;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the prompt of a run: chooses the template ({@link PromptChoice}), loads it (the repository's
 * {@code .chant/prompts/<name>.md}, else the built-in), fills in its {@code {{variables}}}, and appends
 * the instruction to commit with {@code chant(<id>): ...}, which every prompt ends with (templates do not
 * carry it).
 *
 * <p>The variables (chant's names, so that a chant project's own templates work unchanged):
 * <ul>
 * <li>{@code project.name}; {@code spec.id}; {@code spec.title}; {@code spec.body} (also
 *     {@code spec.description}); {@code spec.path} ({@code .chant/specs/<id>.md}); {@code spec} (ID,
 *     body and target files together);</li>
 * <li>{@code spec.target_files}: a list, or a line saying there are none;</li>
 * <li>{@code spec.context}, {@code spec.informed_by}: the contents of those files, each under its path.
 *     Paths are read inside the repository only; an absolute or climbing path, or a symlink that leads
 *     out, is refused, and a missing file is named with why it is not there: neither fails the render.
 *     Each file is cut at {@value RepositoryFiles#INCLUDE_LIMIT} bytes with a note saying so;</li>
 * <li>{@code worktree.path}, {@code worktree.branch};</li>
 * <li>{@code conflict.files} (a list), {@code conflict.target}, {@code conflict.commit}, {@code conflict.round}: where a
 *     merge-conflict run's rebase stopped; for any other run a line saying there is no conflict.</li>
 * </ul>
 */
public final class PromptRenderer {

    /**
     * The prompt for {@code input}.
     *
     * @param repositoryRoot the repository's checkout (its {@code .chant/prompts} and the context files are read there)
     * @throws PromptException when the chosen template does not exist (listing those that do) or uses an unknown variable
     */
    public RenderedPrompt render(PromptChoice choice, PromptInput input, Path repositoryRoot) {
        return render(choice, input, repositoryRoot, commitInstruction(input));
    }

    /**
     * The prompt for {@code input} ending with {@code ending} instead of the instruction to commit: a
     * split run's prompt ends with the format of its answer.
     */
    public RenderedPrompt render(PromptChoice choice, PromptInput input, Path repositoryRoot, String ending) {
        RepositoryFiles repository = new RepositoryFiles(repositoryRoot);
        PromptTemplates.Template template = PromptTemplates.load(choice.name(), repository, choice.chosenBy());
        String body = TemplateText.substitute(template, variables(input, repository));
        return new RenderedPrompt(template.name(), template.origin(), body.stripTrailing() + "\n\n" + ending.strip() + "\n");
    }

    /** Every template's name, the built-in ones and the repository's own, sorted. */
    public List<String> available(Path repositoryRoot) {
        return PromptTemplates.available(new RepositoryFiles(repositoryRoot));
    }

    /**
     * The end of a merge-conflict run's prompt: the platform continues the rebase, so the agent only edits the
     * files (a commit of its own would mix the resolution into a commit of another).
     */
    public static String resolveInstruction(PromptInput input) {
        return """
                ## When the conflicts are resolved

                Leave every resolved file in the worktree without conflict markers and do not commit, stage, push, \
                abort or continue the rebase yourself: the platform stages the files, continues the rebase of `%s` \
                and pushes it. A file that still holds a conflict marker fails the run.
                """.formatted(input.branch());
    }

    /** The end of every prompt. */
    static String commitInstruction(PromptInput input) {
        String prefix = "chant(" + input.specId() + "): ";
        return """
                ## Commit your work

                When you are done, commit your changes in this worktree (branch `%s`) with a message that starts with \
                `%s`, for example:

                    git commit -m "%s<what changed, in a few words>"

                Commit only what this spec asks for. Do not push, switch branches or rewrite history: the platform \
                takes the branch's commits from here, and whatever is left uncommitted is lost.
                """.formatted(input.branch(), prefix, prefix);
    }

    static Map<String, String> variables(PromptInput input, RepositoryFiles repository) {
        Map<String, String> variables = new LinkedHashMap<>();
        String body = input.body().strip();
        String targets = targetFiles(input.targetFiles());
        variables.put("project.name", input.project());
        variables.put("spec.id", input.specId());
        variables.put("spec.title", input.title().isBlank() ? "(untitled)" : input.title().strip());
        variables.put("spec.body", body);
        variables.put("spec.description", body);
        variables.put("spec.path", ".chant/specs/" + input.specId() + ".md");
        variables.put("spec.target_files", targets);
        variables.put("spec", "Spec ID: " + input.specId() + "\n\n" + body + "\n\nTarget files:\n\n" + targets);
        variables.put("spec.context", files(input.context(), repository, "no context files"));
        variables.put("spec.informed_by", files(input.informedBy(), repository, "no informed_by files"));
        variables.put("worktree.path", input.worktree().toString());
        variables.put("worktree.branch", input.branch());
        String none = "(no merge conflict: this run resolves none)";
        variables.put("conflict.files", input.conflict().map(c -> targetFiles(c.files())).orElse(none));
        variables.put("conflict.target", input.conflict().map(c -> c.target()).orElse(none));
        variables.put("conflict.commit", input.conflict().map(c -> c.stoppedAt()).orElse(none));
        variables.put("conflict.round", input.conflict().map(c -> String.valueOf(c.round())).orElse(none));
        return variables;
    }

    private static String targetFiles(List<String> files) {
        if (files.isEmpty()) {
            return "(the spec names no target files)";
        }
        StringBuilder list = new StringBuilder();
        files.forEach(file -> list.append(list.isEmpty() ? "" : "\n").append("- `").append(file).append('`'));
        return list.toString();
    }

    /** Each file under its path in a fence, or why it is not included; {@code none} when there are none. */
    private static String files(List<String> paths, RepositoryFiles repository, String none) {
        if (paths.isEmpty()) {
            return "(" + none + ")";
        }
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            RepositoryFiles.Included file = repository.include(path);
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            out.append("#### `").append(path).append("`\n\n");
            if (file.text().isEmpty()) {
                out.append("(not included: ").append(file.problem().orElseThrow()).append(')');
                continue;
            }
            String text = file.text().get();
            String fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
            out.append(fence).append('\n').append(text);
            if (!text.endsWith("\n")) {
                out.append('\n');
            }
            out.append(fence);
            if (file.cut()) {
                out.append("\n\n(cut: only the first ").append(RepositoryFiles.INCLUDE_LIMIT / 1024).append(" KiB of its ")
                        .append(file.size()).append(" bytes are included; read the rest in the worktree)");
            }
        }
        return out.toString();
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
