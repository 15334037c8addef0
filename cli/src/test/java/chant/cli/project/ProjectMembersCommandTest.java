package chant.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.v1.AuthServiceGrpc;
import chant.v1.ListMembersRequest;
import chant.v1.ListMembersResponse;
import chant.v1.ListProjectsResponse;
import chant.v1.Member;
import chant.v1.Project;
import chant.v1.ProjectRole;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RemoveMemberRequest;
import chant.v1.RemoveMemberResponse;
import chant.v1.SetMemberRequest;
import chant.v1.SetMemberResponse;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code chant project members}: list, set and remove a project's stored roles. */
class ProjectMembersCommandTest extends InProcessCliTest {

    private static Member member(String subject, ProjectRole role) {
        return Member.newBuilder().setSubject(subject).setRole(role).setGrantedBy("admin")
                .setGrantTime(Timestamp.newBuilder().setSeconds(1769000000)).build();
    }

    @Test
    void listsTheStoredRolesOfTheChosenProject() {
        server.reply(AuthServiceGrpc.getListMembersMethod(), ListMembersResponse.newBuilder()
                .addMembers(member("alice", ProjectRole.PROJECT_ROLE_APPROVER))
                .addMembers(member("bob", ProjectRole.PROJECT_ROLE_VIEWER)).build());

        Result result = run("project", "members", "--project", "web");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "SUBJECT  ROLE      GRANTED BY  GRANTED",
                "alice    approver  admin       2026-01-21T12:53:20Z",
                "bob      viewer    admin       2026-01-21T12:53:20Z"), result.outLines());
        assertEquals(List.of(ListMembersRequest.newBuilder().setProject("web").build()),
                server.requests(AuthServiceGrpc.getListMembersMethod()));
        assertEquals(List.of("Bearer " + TOKEN), authorizations);
    }

    @Test
    void withoutAProjectTheServersOnlyOneIsUsedAndNoMembersIsSaid() {
        env.remove("CHANT_PROJECT");
        server.reply(ProjectServiceGrpc.getListProjectsMethod(), ListProjectsResponse.newBuilder()
                .addProjects(Project.newBuilder().setName("solo")).build());
        server.reply(AuthServiceGrpc.getListMembersMethod(), ListMembersResponse.getDefaultInstance());

        Result result = run("project", "members");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("No stored roles in project solo (platform admins and tokens' own roles still count).\n",
                result.out());
        assertEquals("solo", server.requests(AuthServiceGrpc.getListMembersMethod()).get(0).getProject());
    }

    @Test
    void setGrantsARole() {
        server.reply(AuthServiceGrpc.getSetMemberMethod(), SetMemberResponse.newBuilder()
                .setMember(member("carol", ProjectRole.PROJECT_ROLE_MEMBER)).build());

        Result result = run("project", "members", "--set", "carol=Member");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Set carol to member in project demo.\n", result.out());
        assertEquals(List.of(SetMemberRequest.newBuilder().setProject(PROJECT).setSubject("carol")
                .setRole(ProjectRole.PROJECT_ROLE_MEMBER).build()), server.requests(AuthServiceGrpc.getSetMemberMethod()));
    }

    @Test
    void removeSaysWhetherThereWasARole() {
        server.reply(AuthServiceGrpc.getRemoveMemberMethod(), RemoveMemberResponse.newBuilder().setRemoved(true).build(),
                RemoveMemberResponse.newBuilder().setRemoved(false).build());

        Result removed = run("project", "members", "--remove", "carol");
        Result none = run("project", "members", "--remove", "carol");

        assertEquals(0, removed.exitCode(), removed.toString());
        assertEquals("Removed carol from project demo.\n", removed.out());
        assertEquals("carol had no stored role in project demo: nothing to remove.\n", none.out());
        assertEquals(RemoveMemberRequest.newBuilder().setProject(PROJECT).setSubject("carol").build(),
                server.requests(AuthServiceGrpc.getRemoveMemberMethod()).get(0));
    }

    @Test
    void setAndRemoveTogetherOrABadRoleAreUsageErrors() {
        Result both = run("project", "members", "--set", "carol=member", "--remove", "bob");
        Result badRole = run("project", "members", "--set", "carol=boss");

        assertEquals(2, both.exitCode(), both.toString());
        assertEquals(1, both.errLines().size(), both.err());
        assertEquals(2, badRole.exitCode(), badRole.toString());
        assertEquals(List.of("chant: --set: unknown role 'boss' (roles: viewer, member, approver, admin)"),
                badRole.errLines());
        assertEquals(List.of(), server.requests(AuthServiceGrpc.getSetMemberMethod()));
    }

    @Test
    void onlyTheProjectsAdminMayChangeMembers() {
        server.reply(AuthServiceGrpc.getSetMemberMethod(), Status.PERMISSION_DENIED.withDescription(
                "this needs the admin role in project 'demo': user bob is member"));

        Result result = run("project", "members", "--set", "carol=approver");

        assertEquals(15, result.exitCode(), result.toString());
        assertEquals(List.of("chant: permission denied: this needs the admin role in project 'demo': user bob is member"),
                result.errLines());
    }
}
