package chant.agent.provider;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of work for an agent, whichever provider runs it.
 *
 * @param worktree     where it works (read-write in the sandbox, and its working directory)
 * @param gitCommonDir the git directory the worktree commits into, if it is a linked worktree
 * @param specId       the spec it works on; its markdown is at {@link #specFile()} in the worktree
 * @param prompt       the rendered prompt
 * @param model        the model to use; empty for the provider's default
 * @param environment  more variables for the agent (e.g. the git author), none of them secret
 */
public record AgentTask(Path worktree, Optional<Path> gitCommonDir, String specId, String prompt, String model,
        Map<String, String> environment) {

    public AgentTask {
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(gitCommonDir, "gitCommonDir");
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(model, "model");
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        environment = Map.copyOf(environment);
    }

    public AgentTask(Path worktree, String prompt, String model) {
        this(worktree, Optional.empty(), "", prompt, model, Map.of());
    }

    /** The spec's markdown, relative to the worktree ({@code .chant/specs/<id>.md}). */
    public Path specFile() {
        return Path.of(".chant", "specs", specId + ".md");
    }
}
