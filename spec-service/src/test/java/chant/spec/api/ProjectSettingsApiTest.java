package chant.spec.api;

import chant.v1.CreateProjectRequest;
import chant.v1.GetProjectRequest;
import chant.v1.Project;
import chant.v1.RejectionAction;
import chant.v1.UpdateProjectRequest;
import chant.v1.VerifyCommand;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The verify gate's settings on CreateProject, and UpdateProject: only the given settings change, none is lost. */
@QuarkusTest
class ProjectSettingsApiTest extends ApiTestBase {

    @Test
    void createKeepsTheVerifyGate() {
        String name = "gate-" + System.nanoTime();
        Project created = projects.createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName(name).addAllVerifyCommand(List.of("./gradlew", "test", "--offline"))
                .setVerifyTimeoutSeconds(900)).build()).getProject();

        Project stored = get(name);
        assertEquals(List.of("./gradlew", "test", "--offline"), created.getVerifyCommandList());
        assertEquals(List.of("./gradlew", "test", "--offline"), stored.getVerifyCommandList());
        assertEquals(900, stored.getVerifyTimeoutSeconds());
        assertEquals(List.of(), get(newProject()).getVerifyCommandList(), "no gate unless one is given");
    }

    @Test
    void aBadVerifyCommandOrTimeoutIsInvalidArgumentAndCreatesNothing() {
        String name = "bad-gate-" + System.nanoTime();
        assertEquals("verify_command argument 2 is empty: every argument of the command needs at least one character"
                        + " (an empty list turns the gate off)",
                assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                        .setProject(Project.newBuilder().setName(name).addVerifyCommand("make").addVerifyCommand(""))
                        .build())));
        assertEquals("verify_command has 65 arguments: use at most 64 (put a longer command into a script in the"
                        + " repository)",
                assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                        .setProject(Project.newBuilder().setName(name).addAllVerifyCommand(Collections.nCopies(65, "x")))
                        .build())));
        assertEquals("verify_timeout_seconds 86401 is out of range: use 1 to 86400 seconds, or 0 for merge-service's"
                        + " default",
                assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                        .setProject(Project.newBuilder().setName(name).setVerifyTimeoutSeconds(86_401)).build())));
        assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(GetProjectRequest.newBuilder().setName(name).build()));
    }

    @Test
    void updateChangesOnlyTheGivenSettings() {
        String name = newProject();
        projects.updateProject(UpdateProjectRequest.newBuilder().setName(name).setRepoUrl("/srv/git/web.git")
                .setRunTimeoutSeconds(1200).build());

        Project updated = projects.updateProject(UpdateProjectRequest.newBuilder().setName(name)
                .setVerifyCommand(VerifyCommand.newBuilder().addArgs("make").addArgs("check"))
                .setVerifyTimeoutSeconds(300).setRejectionAction(RejectionAction.REJECTION_ACTION_GROUP).build()).getProject();

        assertEquals(updated, get(name));
        assertEquals(List.of("make", "check"), updated.getVerifyCommandList());
        assertEquals(300, updated.getVerifyTimeoutSeconds());
        assertEquals(RejectionAction.REJECTION_ACTION_GROUP, updated.getRejectionAction());
        assertEquals("/srv/git/web.git", updated.getRepoUrl(), "kept");
        assertEquals(1200, updated.getRunTimeoutSeconds(), "kept");
        assertEquals("main", updated.getDefaultBranch(), "kept");

        Project off = projects.updateProject(UpdateProjectRequest.newBuilder().setName(name)
                .setVerifyCommand(VerifyCommand.getDefaultInstance()).build()).getProject();
        assertEquals(List.of(), off.getVerifyCommandList(), "an empty command turns the gate off");
        assertEquals(300, off.getVerifyTimeoutSeconds(), "kept");

        Project archiving = projects.updateProject(UpdateProjectRequest.newBuilder().setName(name)
                .setArchiveInRepository(true).build()).getProject();
        assertEquals(true, archiving.getArchiveInRepository());
        assertEquals(RejectionAction.REJECTION_ACTION_GROUP, archiving.getRejectionAction(), "kept");
        assertEquals(false, projects.updateProject(UpdateProjectRequest.newBuilder().setName(name)
                .setArchiveInRepository(false).build()).getProject().getArchiveInRepository(), "and off again");
    }

    @Test
    void anUpdateOfAnUnknownProjectIsNotFoundAndABadOneChangesNothing() {
        String missing = assertStatus(Status.Code.NOT_FOUND, () -> projects.updateProject(UpdateProjectRequest.newBuilder()
                .setName("nowhere-" + System.nanoTime()).setRunTimeoutSeconds(10).build()));
        assertEquals(true, missing.contains("chant project add"), missing);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.updateProject(UpdateProjectRequest.newBuilder()
                .setName("").setRunTimeoutSeconds(10).build()));

        String name = newProject();
        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.updateProject(UpdateProjectRequest
                .newBuilder().setName(name).setRunTimeoutSeconds(60).setDefaultBranch("no..dots").build()));
        assertEquals(true, message.startsWith("default_branch 'no..dots' is not a valid git branch name"), message);
        assertEquals(0, get(name).getRunTimeoutSeconds(), "nothing of a refused update is stored");
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.updateProject(UpdateProjectRequest.newBuilder()
                .setName(name).setRejectionAction(RejectionAction.REJECTION_ACTION_UNSPECIFIED).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.updateProject(UpdateProjectRequest.newBuilder()
                .setName(name).setVerifyCommand(VerifyCommand.newBuilder().addArgs("")).build()));
    }

    /**
     * Four settings, each changed by its own clients many times at once: the project ends with the
     * last value each of them wrote (an update that rewrote a stale copy of the row would lose some).
     */
    @Test
    void concurrentUpdatesOfDifferentSettingsLoseNone() throws Exception {
        String name = newProject();
        int rounds = 10;
        List<String> done = Parallel.run(8, rounds, i -> {
            int setting = i / rounds % 4;
            int round = i % rounds;
            UpdateProjectRequest.Builder update = UpdateProjectRequest.newBuilder().setName(name);
            switch (setting) {
                case 0 -> update.setRunTimeoutSeconds(100 + round);
                case 1 -> update.setVerifyTimeoutSeconds(200 + round);
                case 2 -> update.setDefaultPrompt("prompt-" + round);
                default -> update.setVerifyCommand(VerifyCommand.newBuilder().addArgs("make").addArgs("r" + round));
            }
            projects.updateProject(update.build());
            return setting + ":" + round;
        });
        assertEquals(8 * rounds, done.size());

        // Threads t and t + 4 change the same setting; whichever came last, the value is from a final round.
        Project project = get(name);
        assertEquals(100 + rounds - 1, project.getRunTimeoutSeconds());
        assertEquals(200 + rounds - 1, project.getVerifyTimeoutSeconds());
        assertEquals("prompt-" + (rounds - 1), project.getDefaultPrompt());
        assertEquals(new ArrayList<>(List.of("make", "r" + (rounds - 1))), project.getVerifyCommandList());
    }

    private Project get(String name) {
        return projects.getProject(GetProjectRequest.newBuilder().setName(name).build()).getProject();
    }
}
