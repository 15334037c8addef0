package chant.agent.provider.claude;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of work for the Claude Code CLI.
 *
 * @param worktree     where it works (read-write in the sandbox)
 * @param gitCommonDir the git directory the worktree commits into, if it is a linked worktree
 * @param prompt       the rendered prompt
 * @param model        the model to pass with {@code --model}
 * @param environment  more variables for the agent (e.g. the git author), none of them secret
 */
public record ClaudeTask(Path worktree, Optional<Path> gitCommonDir, String prompt, String model, Map<String, String> environment) {

    public ClaudeTask {
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(gitCommonDir, "gitCommonDir");
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model for the Claude Code CLI");
        }
        environment = Map.copyOf(environment);
    }

    public ClaudeTask(Path worktree, String prompt, String model) {
        this(worktree, Optional.empty(), prompt, model, Map.of());
    }
}
