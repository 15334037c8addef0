package chant.agent.api;

import static chant.agent.testing.GitRepositories.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.ListRunsRequest;
import chant.v1.RenderPromptRequest;
import chant.v1.RenderPromptResponse;
import chant.v1.RunKind;
import chant.v1.SpecStatus;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run through the gRPC API: RenderPrompt renders what a run would get, from the repository's
 * default branch (or the spec's branch when the remote has it), and changes nothing.
 */
@QuarkusTest
class RenderPromptApiTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-002-d5y";

    private final ScriptedSpecService specService = ScriptedSpecServiceResource.server();

    @TempDir
    Path dir;

    @AfterEach
    void specServiceBack() {
        specService.setDown(false);
    }

    private RenderPromptResponse render(String project, String prompt) {
        return runs.renderPrompt(RenderPromptRequest.newBuilder().setProject(project).setSpecId(SPEC).setPrompt(prompt)
                .build());
    }

    @Test
    void theRepositorysTemplateAndContextFilesAreUsedAndNothingChanges() throws Exception {
        String project = newProject();
        Path remote = remote(seed -> {
            write(seed, ".chant/prompts/standard.md", "---\npurpose: ours\n---\n# Ours: {{spec.title}}\n\nWork in "
                    + "{{worktree.path}} on {{worktree.branch}}.\n\n{{spec.context}}\n\n{{spec.informed_by}}\n");
            write(seed, "docs/notes.md", "the notes of main\n");
            Files.createSymbolicLink(seed.resolve("link-out"), Path.of("/etc/hostname"));
        });
        specService.setRepository(project, remote.toString());
        specService.setContext(project, SPEC, List.of("docs/notes.md", "docs/missing.md", "../outside.txt"),
                List.of("link-out", "/etc/passwd"));

        RenderPromptResponse response = render(project, "");

        assertEquals("standard", response.getTemplate());
        assertEquals(".chant/prompts/standard.md", response.getOrigin());
        assertEquals(SPEC, response.getSpecId());
        assertEquals("main", response.getSourceBranch());
        assertEquals(git(remote, "rev-parse", "main").strip(), response.getSourceCommit());
        String text = response.getText();
        assertTrue(text.startsWith("# Ours: Spec " + SPEC + "\n\nWork in "), text);
        assertTrue(text.contains("chant-" + project + "-" + SPEC + " on chant/" + SPEC + "."), text);
        assertTrue(text.contains("#### `docs/notes.md`\n\n```\nthe notes of main\n```"), text);
        assertTrue(text.contains("#### `docs/missing.md`\n\n(not included: no such file in the repository)"), text);
        assertTrue(text.contains("#### `../outside.txt`\n\n(not included: paths that climb out of the repository (..)"
                + " are refused)"), text);
        assertTrue(text.contains("#### `link-out`\n\n(not included: it leads outside the repository through a symlink)"),
                text);
        assertTrue(text.contains("#### `/etc/passwd`\n\n(not included: absolute paths are refused"), text);
        assertTrue(text.endsWith("whatever is left uncommitted is lost.\n"), text);
        assertEquals(0, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, specService.spec(project, SPEC).getStatus());
        assertTrue(specService.transitions().stream().noneMatch(t -> t.getProject().equals(project)));
        assertTrue(specService.updates().stream().noneMatch(u -> u.getProject().equals(project)));
    }

    @Test
    void theSpecsBranchIsReadWhenTheRemoteHasIt() throws Exception {
        String project = newProject();
        Path remote = remote(seed -> write(seed, "docs/notes.md", "the notes of main\n"));
        Path work = dir.resolve("work-clone");
        git(dir, "clone", "-q", remote.toString(), work.toString());
        git(work, "checkout", "-q", "-b", "chant/" + SPEC);
        write(work, "docs/notes.md", "the notes of the spec's branch\n");
        git(work, "commit", "-q", "-am", "on the branch");
        git(work, "push", "-q", "origin", "chant/" + SPEC);
        specService.setRepository(project, remote.toString());
        specService.setContext(project, SPEC, List.of("docs/notes.md"), List.of());

        RenderPromptResponse response = render(project, "");

        assertEquals("chant/" + SPEC, response.getSourceBranch());
        assertTrue(response.getText().contains("the notes of the spec's branch"), response.getText());
        assertEquals("built-in", response.getOrigin());
    }

    @Test
    void aSplitRunsPromptEndsWithTheAnswersFormat() throws Exception {
        String project = newProject();
        specService.setRepository(project, remote(seed -> { }).toString());

        RenderPromptResponse response = runs.renderPrompt(RenderPromptRequest.newBuilder().setProject(project)
                .setSpecId(SPEC).setKind(RunKind.RUN_KIND_SPLIT).build());

        assertEquals("split", response.getTemplate());
        assertTrue(response.getText().contains("## Your answer"), response.getText());
        assertTrue(response.getText().contains("```json\n{\"members\": ["), response.getText());
        assertFalse(response.getText().contains("## Commit your work"), response.getText());
        assertEquals("prompt `standard` cannot be given for a split run: it uses the template split (a repository changes"
                + " it with .chant/prompts/split.md)", assertStatus(Status.Code.INVALID_ARGUMENT,
                        () -> runs.renderPrompt(RenderPromptRequest.newBuilder().setProject(project).setSpecId(SPEC)
                                .setKind(RunKind.RUN_KIND_SPLIT).setPrompt("standard").build())));
    }

    @Test
    void anUnknownTemplateIsInvalidAndNamesTheTemplatesThereAre() throws Exception {
        String project = newProject();
        specService.setRepository(project, remote(seed -> write(seed, ".chant/prompts/ours.md", "ours\n")).toString());

        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> render(project, "nonesuch"));

        assertEquals("no prompt template `nonesuch` (chosen by the request): the templates are documentation, implement,"
                + " merge-conflict, ours, reproduce, research, review, split, standard, triage, verify", message);
    }

    @Test
    void aProjectWithoutRepositoryIsAFailedPrecondition() {
        String project = newProject();

        String message = assertStatus(Status.Code.FAILED_PRECONDITION, () -> render(project, ""));

        assertTrue(message.startsWith("project " + project + " has no repository: set repo_url"), message);
    }

    @Test
    void anUnreachableRepositoryOrSpecServiceIsUnavailable() {
        String project = newProject();
        specService.setRepository(project, dir.resolve("no-such-remote.git").toString());

        String message = assertStatus(Status.Code.UNAVAILABLE, () -> render(project, ""));
        assertTrue(message.startsWith("the repository of project " + project + " ("), message);

        specService.setDown(true);
        message = assertStatus(Status.Code.UNAVAILABLE, () -> render(project, ""));
        assertTrue(message.startsWith("spec-service could not be asked about the spec"), message);
    }

    @Test
    void projectAndSpecAreRequired() {
        assertEquals("project is required: name the spec's project", assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> runs.renderPrompt(RenderPromptRequest.newBuilder().setSpecId(SPEC).build())));
    }

    private interface Seed {
        void fill(Path seed) throws Exception;
    }

    private Path remote(Seed seedFiles) throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed-" + System.nanoTime()));
        git(seed, "init", "-q", "-b", "main");
        Files.writeString(seed.resolve("README.md"), "kv store\n");
        seedFiles.fill(seed);
        git(seed, "add", "-A");
        git(seed, "commit", "-q", "-m", "initial");
        Path remote = dir.resolve("remote-" + System.nanoTime() + ".git");
        git(dir, "clone", "-q", "--bare", seed.toString(), remote.toString());
        return remote;
    }

    private static void write(Path root, String path, String text) throws java.io.IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
