package chant.spec.api;

import chant.support.auth.Role;
import chant.support.testing.TestTokens;
import chant.v1.ApproveSpecRequest;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.DeleteSpecRequest;
import chant.v1.GetProjectRequest;
import chant.v1.GetSpecRequest;
import chant.v1.ListProjectsRequest;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.Project;
import chant.v1.RecordMergeRequest;
import chant.v1.RejectSpecRequest;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.TransitionSpecRequest;
import chant.v1.UpdateProjectRequest;
import chant.v1.UpdateSpecRequest;
import chant.v1.WatchSpecEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static chant.support.testing.GrpcAssertions.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call spec-service (issue 9): each refusal through the public gRPC API with its status, and
 * nothing changed by it (the spec's version, the project's events, its specs).
 */
@QuarkusTest
class AuthApiTest extends ApiTestBase {

    private static final TestTokens TOKENS = TestTokens.shared();

    /** What a refused request must leave as it was. */
    private record Snapshot(long version, int events, long specs) {
    }

    private Snapshot snapshot(String project, String specId) {
        return new Snapshot(get(project, specId).getVersion(),
                events.listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project).setPageSize(1000).build())
                        .getEventsCount(),
                specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getTotalCount());
    }

    private static UpdateSpecRequest retitle(String project, Spec spec) {
        return UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setTitle("Changed by someone who may not").build();
    }

    @Test
    void aCallWithoutAValidTokenIsUnauthenticatedSaysWhyAndChangesNothing() {
        String project = newProject();
        Spec spec = create(project, "Guarded");
        Snapshot before = snapshot(project, spec.getId());
        for (TestTokens.RefusedToken token : TOKENS.refused("tester")) {
            String message = assertStatus(Status.Code.UNAUTHENTICATED,
                    () -> withToken(specs, token.token()).updateSpec(retitle(project, spec)));
            assertTrue(message.contains(token.refusalSays()), token.what() + ": " + message);
            assertFalse(message.contains(token.claims()), "the message never repeats the token");
        }
        String none = withoutToken(channel -> assertStatus(Status.Code.UNAUTHENTICATED,
                () -> SpecServiceGrpc.newBlockingStub(channel).updateSpec(retitle(project, spec))));
        assertTrue(none.contains("needs a bearer token"), none);

        assertEquals(before, snapshot(project, spec.getId()));
        assertEquals("Guarded", get(project, spec.getId()).getTitle());
    }

    @Test
    void aTokenForAnotherProjectCanNeitherReadNorWriteThisOne() {
        String project = newProject();
        String other = newProject();
        Spec spec = create(project, "Not yours");
        Snapshot before = snapshot(project, spec.getId());
        String outsider = TOKENS.user("mallory", Map.of(other, Role.ADMIN));

        String write = assertStatus(Status.Code.PERMISSION_DENIED,
                () -> withToken(specs, outsider).updateSpec(retitle(project, spec)));
        String read = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, outsider)
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(events, outsider)
                .listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(events, outsider)
                .watchSpecEvents(WatchSpecEventsRequest.newBuilder().setProject(project).build()).hasNext());
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(projects, outsider)
                .getProject(GetProjectRequest.newBuilder().setName(project).build()));

        assertTrue(write.contains("member role in project '" + project + "'") && write.contains("user mallory"), write);
        assertTrue(read.contains("viewer role in project '" + project + "'"), read);
        assertEquals(before, snapshot(project, spec.getId()));
        assertEquals(List.of(other), withToken(projects, outsider).listProjects(ListProjectsRequest.getDefaultInstance())
                .getProjectsList().stream().map(Project::getName).toList(), "lists only the projects where it holds a role");
    }

    @Test
    void aViewerReadsButCannotWrite() {
        String project = newProject();
        Spec spec = create(project, "Read me");
        Snapshot before = snapshot(project, spec.getId());
        String viewer = TOKENS.user("victor", Map.of(project, Role.VIEWER));

        assertEquals("Read me", withToken(specs, viewer)
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()).getSpec().getTitle());
        assertEquals(1, withToken(specs, viewer).listSpecs(ListSpecsRequest.newBuilder().setProject(project).build())
                .getTotalCount());
        String update = assertStatus(Status.Code.PERMISSION_DENIED,
                () -> withToken(specs, viewer).updateSpec(retitle(project, spec)));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, viewer)
                .createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("New").build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, viewer)
                .deleteSpec(DeleteSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle, viewer).transitionSpec(
                TransitionSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                        .setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(projects, viewer).updateProject(
                UpdateProjectRequest.newBuilder().setName(project).setDefaultPrompt("other").build()));

        assertTrue(update.contains("holds only viewer"), update);
        assertEquals(before, snapshot(project, spec.getId()));
    }

    @Test
    void anAuthorCannotApproveTheirOwnSpecAndAMemberCannotApproveAtAll() {
        String project = newProject();
        String alice = TOKENS.user("alice", Map.of(project, Role.APPROVER));
        Spec spec = withToken(specs, alice).createSpec(CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Mine").setNeedsApproval(true).build()).getSpec();
        Snapshot before = snapshot(project, spec.getId());

        String own = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle, alice).approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle, alice).rejectSpec(
                RejectSpecRequest.newBuilder().setProject(project).setId(spec.getId()).setReason("mine").build()));
        String member = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle,
                TOKENS.user("mike", Map.of(project, Role.MEMBER))).approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle, TOKENS.service("agent-service"))
                .approveSpec(ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));

        assertTrue(own.contains("alice wrote spec " + spec.getId()), own);
        assertTrue(member.contains("approver role"), member);
        assertEquals(before, snapshot(project, spec.getId()));
        Spec approved = withToken(lifecycle, TOKENS.user("bob", Map.of(project, Role.APPROVER))).approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()).getSpec();
        assertEquals("bob", approved.getApproval().getBy());
    }

    @Test
    void aRunTokenReadsStartsAndSplitsItsOwnSpecOnly() {
        String project = newProject();
        Spec own = create(project, "Work on me", r -> r.setBody("## Acceptance Criteria\n\n- [ ] Split\n"));
        Spec other = create(project, "Not this one", r -> r.setNeedsApproval(true));
        Snapshot otherBefore = snapshot(project, other.getId());
        String run = TOKENS.run("r-17", project, own.getId());

        assertEquals("Work on me", withToken(specs, run)
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(own.getId()).build()).getSpec().getTitle());
        String read = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, run)
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(other.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, run).updateSpec(retitle(project, other)));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle, run).approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(other.getId()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, run)
                .listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, run)
                .createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Top level").build()));
        assertTrue(read.contains("scoped to run r-17 of spec " + own.getId()), read);
        assertEquals(otherBefore, snapshot(project, other.getId()));

        Spec started = withToken(lifecycle, run).transitionSpec(TransitionSpecRequest.newBuilder().setProject(project)
                .setId(own.getId()).setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS).build()).getSpec();
        Spec member = withToken(specs, run).createSpec(CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Split").setDriver(own.getId()).build()).getSpec();

        Spec group = withToken(specs, run).updateSpec(UpdateSpecRequest.newBuilder().setProject(project)
                .setId(own.getId()).setExpectedVersion(get(project, own.getId()).getVersion())
                .setType(chant.v1.SpecType.SPEC_TYPE_GROUP).build()).getSpec();

        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, started.getStatus());
        assertEquals(own.getId() + ".1", member.getId());
        assertEquals("run:r-17", member.getCreatedBy());
        assertEquals(chant.v1.SpecType.SPEC_TYPE_GROUP, group.getType());
        assertEquals(0, withToken(projects, run).listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsCount(),
                "a runner lists no projects");
        assertEquals(project, withToken(projects, run).getProject(GetProjectRequest.newBuilder().setName(project).build())
                .getProject().getName(), "a runner reads its own project's settings (the repository to check out)");
        String elsewhere = newProject();
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(projects, run)
                .getProject(GetProjectRequest.newBuilder().setName(elsewhere).build()));
    }

    @Test
    void onlyMergeServiceRecordsMergesAndOnlyAPlatformAdminCreatesProjects() {
        String project = newProject();
        Spec spec = create(project, "Merged elsewhere");
        Snapshot before = snapshot(project, spec.getId());
        RecordMergeRequest merge = RecordMergeRequest.newBuilder().setProject(project).setId(spec.getId())
                .setMergeCommit("a".repeat(40)).setInto("main").build();

        String admin = assertStatus(Status.Code.PERMISSION_DENIED, () -> lifecycle.recordMerge(merge));
        assertStatus(Status.Code.PERMISSION_DENIED,
                () -> withToken(lifecycle, TOKENS.service("agent-service")).recordMerge(merge));
        String create = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(projects,
                TOKENS.user("pat", Map.of(project, Role.ADMIN))).createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName(project + "-2")).build()));

        assertTrue(admin.contains("only merge-service may call this"), admin);
        assertTrue(create.contains("creating a project needs a platform admin"), create);
        assertEquals(before, snapshot(project, spec.getId()));
        assertStatus(Status.Code.NOT_FOUND,
                () -> projects.getProject(GetProjectRequest.newBuilder().setName(project + "-2").build()));
    }

    @Test
    void aProjectAdminChangesItsSettingsAndTheServicesSeeEveryProject() {
        String project = newProject();
        Project updated = withToken(projects, TOKENS.user("pat", Map.of(project, Role.ADMIN))).updateProject(
                UpdateProjectRequest.newBuilder().setName(project).setDefaultPrompt("careful").build()).getProject();
        assertEquals("careful", updated.getDefaultPrompt());

        for (String service : List.of("agent-service", "merge-service")) {
            assertTrue(withToken(projects, TOKENS.service(service)).listProjects(ListProjectsRequest.getDefaultInstance())
                    .getProjectsList().stream().anyMatch(p -> p.getName().equals(project)), service);
        }
    }

    /** Runs {@code call} on a channel to spec-service whose calls carry no token at all. */
    private static String withoutToken(java.util.function.Function<ManagedChannel, String> call) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            return call.apply(channel);
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
