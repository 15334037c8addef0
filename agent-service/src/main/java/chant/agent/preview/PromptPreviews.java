package chant.agent.preview;

import chant.support.git.Git;
import chant.support.git.GitException;
import chant.agent.prompt.PromptChoice;
import chant.agent.prompt.PromptInput;
import chant.agent.prompt.PromptRenderer;
import chant.agent.prompt.RenderedPrompt;
import chant.agent.remote.SpecServiceClient;
import chant.agent.run.Runs;
import chant.agent.split.SplitAnswer;
import chant.agent.work.RunKind;
import chant.agent.work.WorkSpec;
import chant.agent.workspace.BranchSnapshot;
import chant.agent.workspace.RepositoryCache;
import chant.agent.workspace.RunWorkspace;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import chant.support.failure.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A dry run: the prompt a run of a spec would get now, rendered by the runner's own code
 * ({@link PromptRenderer}) from the same inputs (the spec and project from spec-service, the files of
 * the branch the run would start from, the run's worktree path and branch), without enqueuing
 * anything or changing the spec.
 */
@ApplicationScoped
public class PromptPreviews {

    @Inject
    SpecServiceClient specService;

    @Inject
    chant.agent.access.Access access;

    @ConfigProperty(name = "chant.agent.work-root", defaultValue = ".chant-run/work")
    Path workRoot;

    private final PromptRenderer renderer = new PromptRenderer();
    private final Git git = Git.onPath();

    /**
     * The rendered prompt and where its files came from.
     *
     * @param specId        the spec's full ID
     * @param sourceBranch  the branch the repository's files were read from
     * @param sourceCommit  its commit
     */
    public record Preview(RenderedPrompt prompt, String specId, String sourceBranch, String sourceCommit) {
    }

    /**
     * The prompt of a run of {@code kind} on the spec.
     *
     * @throws InvalidRequestException for a missing field or a template that does not exist (naming those that do)
     * @throws PreconditionFailedException for a project without a repository or a repository template that cannot be used
     * @throws UnavailableException when spec-service or the repository cannot be reached
     */
    public Preview render(String project, String specId, String prompt, RunKind kind,
            chant.support.auth.Principal principal) {
        if (project == null || project.isBlank()) {
            throw new InvalidRequestException("project is required: name the spec's project");
        }
        access.of(principal).requireRole(project, chant.support.auth.Role.VIEWER);
        String caller = principal.actor();
        if (specId == null || specId.isBlank()) {
            throw new InvalidRequestException("spec_id is required: name the spec (full ID or a short form)");
        }
        String requested = prompt == null ? "" : prompt.strip();
        if (kind == RunKind.SPLIT && !requested.isEmpty()) {
            throw new InvalidRequestException("prompt `" + requested + "` cannot be given for a split run: it uses the "
                    + "template split (a repository changes it with .chant/prompts/split.md)");
        }
        if (kind == RunKind.MERGE_CONFLICT) {
            throw new InvalidRequestException("a merge-conflict run's prompt names the files that conflict, which only"
                    + " its rebase finds: RenderPrompt renders the prompts of work and split runs");
        }
        WorkSpec spec = Runs.fromSpecService(() -> specService.load(project, specId, caller));
        if (spec.repoUrl().isBlank()) {
            throw new PreconditionFailedException("project " + spec.project() + " has no repository: set repo_url"
                    + " (chant project add --repo URL, or import a config.md that names it)");
        }
        Path root = workRoot.toAbsolutePath();
        RepositoryCache cache = new RepositoryCache(git, root);
        RunWorkspace workspace;
        try {
            // Where a run would work and on which branch; nothing is made there.
            workspace = RunWorkspace.of(git, cache, root, spec.project(), spec.specId(), spec.branchPrefix());
        } catch (IllegalArgumentException e) {
            throw new PreconditionFailedException(e.getMessage());
        }
        // A work run starts from its branch when the remote has it; a split run reads the default branch.
        String preferred = kind == RunKind.SPLIT ? spec.defaultBranch() : workspace.branch();
        try (BranchSnapshot snapshot = snapshot(cache, spec, preferred)) {
            snapshot.write(".chant/specs/" + spec.specId() + ".md", spec.markdown());
            PromptChoice choice = kind == RunKind.SPLIT ? PromptChoice.of(Runs.SPLIT_TEMPLATE, null, null)
                    : PromptChoice.of(requested, spec.prompt(), spec.defaultPrompt());
            List<String> available = renderer.available(snapshot.dir());
            if (!available.contains(choice.name())) {
                throw new InvalidRequestException("no prompt template `" + choice.name() + "` (chosen by "
                        + choice.chosenBy() + "): the templates are " + String.join(", ", available));
            }
            RenderedPrompt rendered = kind == RunKind.SPLIT
                    ? renderer.render(choice, PromptInput.of(spec, spec.defaultBranch(), workspace.dir()), snapshot.dir(),
                            SplitAnswer.instruction(spec.specId()))
                    : renderer.render(choice, PromptInput.of(spec, workspace.branch(), workspace.dir()), snapshot.dir());
            return new Preview(rendered, spec.specId(), snapshot.branch(), snapshot.commit());
        }
    }

    private BranchSnapshot snapshot(RepositoryCache cache, WorkSpec spec, String preferred) {
        try {
            return BranchSnapshot.of(git, cache, workRoot.toAbsolutePath(), spec.project(), spec.repoUrl(), preferred,
                    spec.defaultBranch());
        } catch (BranchSnapshot.MissingBranchException e) {
            throw new PreconditionFailedException(e.getMessage());
        } catch (GitException | java.io.UncheckedIOException e) {
            throw new UnavailableException("the repository of project " + spec.project() + " (" + spec.repoUrl()
                    + ") cannot be read: " + e.getMessage() + "; nothing changed, retry when it can be reached");
        }
    }
}
