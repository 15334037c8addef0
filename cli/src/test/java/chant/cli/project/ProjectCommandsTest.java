package chant.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateProjectResponse;
import chant.v1.GetProjectResponse;
import chant.v1.UpdateProjectRequest;
import chant.v1.UpdateProjectResponse;
import chant.v1.VerifyCommand;
import chant.v1.ListProjectsResponse;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RejectionAction;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectCommandsTest extends InProcessCliTest {
    private static final Project WEB = Project.newBuilder().setName("web").setRepoUrl("git@example.com:web.git")
            .setDefaultBranch("main").setBranchPrefix("chant/").setDefaultPrompt("standard")
            .setRejectionAction(RejectionAction.REJECTION_ACTION_DEPENDENCY).setRunTimeoutSeconds(1800)
            .setCreateTime(Timestamp.newBuilder().setSeconds(1769000000)).build();

    @Test
    void addSendsTheGivenFieldsOnly() {
        server.reply(ProjectServiceGrpc.getCreateProjectMethod(), CreateProjectResponse.newBuilder().setProject(WEB).build());

        Result result = run("project", "add", "web", "--repo", "git@example.com:web.git", "--branch-prefix", "agents/");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Created project: web\n", result.out());
        assertEquals(List.of(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName("web")
                        .setRepoUrl("git@example.com:web.git").setBranchPrefix("agents/")).build()),
                server.requests(ProjectServiceGrpc.getCreateProjectMethod()));
    }

    @Test
    void addWithArchiveInRepoAsksForArchivesCommittedToTheRepository() {
        server.reply(ProjectServiceGrpc.getCreateProjectMethod(), CreateProjectResponse.newBuilder().setProject(WEB).build());

        Result result = run("project", "add", "web", "--archive-in-repo");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName("web")
                        .setArchiveInRepository(true)).build()),
                server.requests(ProjectServiceGrpc.getCreateProjectMethod()));
    }

    @Test
    void addSendsTheRejectionAction() {
        server.reply(ProjectServiceGrpc.getCreateProjectMethod(), CreateProjectResponse.newBuilder().setProject(WEB).build());

        Result result = run("project", "add", "web", "--rejection-action", "group");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName("web")
                        .setRejectionAction(RejectionAction.REJECTION_ACTION_GROUP)).build()),
                server.requests(ProjectServiceGrpc.getCreateProjectMethod()));
    }

    @Test
    void addSendsTheRunTimeoutAndRefusesOneOutOfRange() {
        server.reply(ProjectServiceGrpc.getCreateProjectMethod(), CreateProjectResponse.newBuilder().setProject(WEB).build());

        Result result = run("project", "add", "web", "--run-timeout", "1800");
        Result tooLong = run("project", "add", "web", "--run-timeout", "86401");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName("web")
                        .setRunTimeoutSeconds(1800)).build()),
                server.requests(ProjectServiceGrpc.getCreateProjectMethod()));
        assertEquals(2, tooLong.exitCode(), tooLong.toString());
        assertEquals(List.of("chant: --run-timeout must be 1 to 86400 seconds, not 86401"), tooLong.errLines());
    }

    @Test
    void addSendsTheVerifyGateAsAnArgumentList() {
        server.reply(ProjectServiceGrpc.getCreateProjectMethod(), CreateProjectResponse.newBuilder().setProject(WEB).build());

        Result result = run("project", "add", "web", "--verify-cmd", "./gradlew", "test", "--offline",
                "--verify-timeout", "900");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName("web")
                        .addAllVerifyCommand(List.of("./gradlew", "test", "--offline")).setVerifyTimeoutSeconds(900)).build()),
                server.requests(ProjectServiceGrpc.getCreateProjectMethod()));
        Result tooLong = run("project", "add", "web", "--verify-timeout", "0");
        assertEquals(2, tooLong.exitCode(), tooLong.toString());
        assertEquals(List.of("chant: --verify-timeout must be 1 to 86400 seconds, not 0"), tooLong.errLines());
    }

    @Test
    void setSendsOnlyTheGivenSettingsAndPrintsTheGate() {
        Project gated = WEB.toBuilder().addAllVerifyCommand(List.of("make", "check", "ARGS=-k 1")).build();
        server.reply(ProjectServiceGrpc.getUpdateProjectMethod(), UpdateProjectResponse.newBuilder().setProject(gated).build());

        Result result = run("project", "set", "web", "--verify-cmd", "make", "check", "ARGS=-k 1", "--run-timeout", "60");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("Updated project: web", "  verify gate:  make check 'ARGS=-k 1' (time limit default "
                + "(merge-service's, 600 s))"), result.outLines());
        assertEquals(List.of(UpdateProjectRequest.newBuilder().setName("web").setRunTimeoutSeconds(60)
                        .setVerifyCommand(VerifyCommand.newBuilder().addAllArgs(List.of("make", "check", "ARGS=-k 1")))
                        .build()),
                server.requests(ProjectServiceGrpc.getUpdateProjectMethod()));
    }

    @Test
    void setNoVerifyTurnsTheGateOffWithAnEmptyCommand() {
        server.reply(ProjectServiceGrpc.getUpdateProjectMethod(), UpdateProjectResponse.newBuilder().setProject(WEB).build());

        Result result = run("project", "set", "web", "--no-verify");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("  verify gate:  none (no verify gate)", result.outLines().get(1));
        UpdateProjectRequest sent = server.requests(ProjectServiceGrpc.getUpdateProjectMethod()).get(0);
        assertTrue(sent.hasVerifyCommand());
        assertEquals(0, sent.getVerifyCommand().getArgsCount());
        assertTrue(!sent.hasRunTimeoutSeconds() && !sent.hasVerifyTimeoutSeconds() && !sent.hasRepoUrl());
    }

    @Test
    void setRefusesNothingToChangeAndContradictions() {
        Result nothing = run("project", "set", "web");
        Result both = run("project", "set", "web", "--no-verify", "--verify-cmd", "make");

        assertEquals(2, nothing.exitCode());
        assertEquals(List.of("chant: nothing to change: give at least one setting (chant project set --help lists them)"),
                nothing.errLines());
        assertEquals(2, both.exitCode());
        assertEquals(List.of("chant: --verify-cmd and --no-verify exclude each other: give one"), both.errLines());
        assertEquals(List.of(), server.requests(ProjectServiceGrpc.getUpdateProjectMethod()));
    }

    @Test
    void setOfAnUnknownProjectExitsWithTheServersMessage() {
        server.reply(ProjectServiceGrpc.getUpdateProjectMethod(),
                Status.NOT_FOUND.withDescription("project 'nowhere' does not exist"));

        Result result = run("project", "set", "nowhere", "--verify-timeout", "60");

        assertEquals("chant: project 'nowhere' does not exist\n", result.err());
        assertTrue(result.exitCode() != 0);
    }

    @Test
    void showPrintsEverySettingWithTheVerifyGate() {
        Project gated = WEB.toBuilder().addAllVerifyCommand(List.of("./gradlew", "test")).setVerifyTimeoutSeconds(900)
                .build();
        server.reply(ProjectServiceGrpc.getGetProjectMethod(), GetProjectResponse.newBuilder().setProject(gated).build());

        Result result = run("project", "show", "web");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "name:             web",
                "repository:       git@example.com:web.git",
                "default branch:   main",
                "branch prefix:    chant/",
                "default prompt:   standard",
                "rejection action: dependency",
                "run timeout:      1800 s",
                "verify command:   ./gradlew test",
                "verify timeout:   900 s",
                "archive:          marks specs archived (nothing committed)",
                "created:          2026-01-21T12:53:20Z"), result.outLines());
        assertEquals("web", server.requests(ProjectServiceGrpc.getGetProjectMethod()).get(0).getName());
    }

    @Test
    void anUnknownRejectionActionIsAUsageError() {
        Result result = run("project", "add", "web", "--rejection-action", "manual");

        assertEquals(2, result.exitCode());
        assertTrue(result.errLines().get(0).contains("unknown rejection action 'manual'; expected one of stop, dependency, group"),
                result.err());
        assertEquals(List.of(), server.requests(ProjectServiceGrpc.getCreateProjectMethod()));
    }

    @Test
    void addingAnExistingProjectExitsWith5() {
        server.reply(ProjectServiceGrpc.getCreateProjectMethod(),
                Status.ALREADY_EXISTS.withDescription("project 'web' already exists"));

        Result result = run("project", "add", "web");

        assertEquals(5, result.exitCode());
        assertEquals("chant: project 'web' already exists\n", result.err());
    }

    @Test
    void listIsATable() {
        server.reply(ProjectServiceGrpc.getListProjectsMethod(), ListProjectsResponse.newBuilder().addProjects(WEB)
                .addProjects(Project.newBuilder().setName("api").setDefaultBranch("trunk")).build());

        Result result = run("project", "list");

        assertEquals(List.of(
                "NAME  DEFAULT BRANCH  BRANCH PREFIX  DEFAULT PROMPT  REJECTION ACTION  RUN TIMEOUT  CREATED               REPOSITORY",
                "web   main            chant/         standard        dependency        1800 s       2026-01-21T12:53:20Z  git@example.com:web.git",
                "api   trunk                                                            default"), result.outLines());
    }

    @Test
    void listJsonIsTheResponseAsProtoJson() throws Exception {
        ListProjectsResponse response = ListProjectsResponse.newBuilder().addProjects(WEB).build();
        server.reply(ProjectServiceGrpc.getListProjectsMethod(), response);

        Result result = run("project", "list", "--json");

        ListProjectsResponse.Builder parsed = ListProjectsResponse.newBuilder();
        JsonFormat.parser().merge(result.out(), parsed);
        assertEquals(response, parsed.build());
    }
}
