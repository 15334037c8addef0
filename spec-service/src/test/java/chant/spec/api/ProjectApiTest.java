package chant.spec.api;

import chant.v1.CreateProjectRequest;
import chant.v1.GetProjectRequest;
import chant.v1.ListProjectsRequest;
import chant.v1.Project;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ProjectApiTest extends ApiTestBase {

    @Test
    void createdProjectHasDefaultsAndIsListed() {
        String name = newProject();

        Project project = projects.getProject(GetProjectRequest.newBuilder().setName(name).build()).getProject();

        assertEquals("main", project.getDefaultBranch());
        assertEquals("chant/", project.getBranchPrefix());
        assertEquals("standard", project.getDefaultPrompt());
        assertTrue(project.hasCreateTime());
        assertTrue(projects.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList().stream()
                .anyMatch(p -> p.getName().equals(name)));
    }

    @Test
    void createKeepsGivenSettings() {
        Project project = projects.createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName("kv-store-" + System.nanoTime()).setRepoUrl("/srv/git/kv.git").setDefaultBranch("trunk")
                .setBranchPrefix("agents/").setDefaultPrompt("research").setRunTimeoutSeconds(1800)).build()).getProject();

        assertEquals(1800, project.getRunTimeoutSeconds());
        assertEquals(1800, projects.getProject(chant.v1.GetProjectRequest.newBuilder().setName(project.getName()).build())
                .getProject().getRunTimeoutSeconds(), "stored");
        assertEquals("/srv/git/kv.git", project.getRepoUrl());
        assertEquals("trunk", project.getDefaultBranch());
        assertEquals("agents/", project.getBranchPrefix());
        assertEquals("research", project.getDefaultPrompt());
    }

    @Test
    void archivingInTheRepositoryIsOffUnlessAskedForAndKept() {
        Project plain = projects.createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName("plain-" + System.nanoTime())).build()).getProject();
        Project archiving = projects.createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName("archiving-" + System.nanoTime()).setArchiveInRepository(true)).build()).getProject();

        assertEquals(false, plain.getArchiveInRepository());
        assertEquals(true, archiving.getArchiveInRepository());
        assertEquals(true, projects.getProject(chant.v1.GetProjectRequest.newBuilder().setName(archiving.getName())
                .build()).getProject().getArchiveInRepository(), "stored");
    }

    @Test
    void aRunTimeoutOutOfRangeIsInvalidArgumentAndCreatesNothing() {
        String name = "timeouts-" + System.nanoTime();
        for (int bad : new int[] {-1, 86_401}) {
            String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(
                    CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)
                            .setRunTimeoutSeconds(bad)).build()));
            assertEquals("run_timeout_seconds " + bad + " is out of range: use 1 to 86400 seconds, or 0 for "
                    + "agent-service's default", message);
        }
        assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(chant.v1.GetProjectRequest.newBuilder()
                .setName(name).build()));
    }

    @Test
    void aRepositoryUrlCarryingCredentialsIsRefusedAndNeverStored() {
        String name = "creds-" + System.nanoTime();
        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(
                CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)
                        .setRepoUrl("https://alice:s3cret-Value@git.example/kv.git")).build()));
        assertTrue(message.startsWith("repo_url carries credentials (https://***@git.example/kv.git)"), message);
        assertFalse(message.contains("s3cret-Value"), message);
        assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(chant.v1.GetProjectRequest.newBuilder()
                .setName(name).build()));

        String existing = newProject();
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.updateProject(chant.v1.UpdateProjectRequest.newBuilder()
                .setName(existing).setRepoUrl("https://ghp_s3cret-Value@github.com/acme/kv.git").build()));
        assertEquals("", projects.getProject(chant.v1.GetProjectRequest.newBuilder().setName(existing).build())
                .getProject().getRepoUrl(), "unchanged");
    }

    @Test
    void duplicateNameIsAlreadyExists() {
        String name = newProject();

        String message = assertStatus(Status.Code.ALREADY_EXISTS, () -> projects.createProject(
                CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)).build()));

        assertTrue(message.contains(name), message);
    }

    @Test
    void malformedNameIsInvalidArgument() {
        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(
                CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName("no spaces please")).build()));

        assertTrue(message.contains("ASCII letters, digits"), message);
    }

    @Test
    void unknownProjectIsNotFound() {
        String message = assertStatus(Status.Code.NOT_FOUND,
                () -> projects.getProject(GetProjectRequest.newBuilder().setName("nowhere").build()));

        assertTrue(message.contains("chant project add"), message);
    }
}
