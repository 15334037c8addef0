package chant.spec.api;

import chant.v1.ApprovalStatus;
import chant.v1.ApproveSpecRequest;
import chant.v1.CreateProjectRequest;
import chant.v1.Project;
import chant.v1.RejectSpecRequest;
import chant.v1.RejectSpecResponse;
import chant.v1.RejectionAction;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Approval gates, who may decide, races between deciders, and the rejection actions. */
@QuarkusTest
class ApprovalApiTest extends ApiTestBase {

    @Test
    void aSpecAwaitingApprovalIsBlockedUntilSomeoneElseApprovesIt() {
        String project = newProject();
        Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Refactor authentication").setNeedsApproval(true).build()).getSpec();
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, spec.getStatus());
        assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS));

        String self = assertStatus(Status.Code.PERMISSION_DENIED, () -> asUser(lifecycle, "alice").approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));
        assertTrue(self.contains("cannot approve"), self);

        Spec approved = asUser(lifecycle, "bob").approveSpec(ApproveSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setComment("Looks safe.").build()).getSpec();

        assertEquals(ApprovalStatus.APPROVAL_STATUS_APPROVED, approved.getApproval().getStatus());
        assertEquals("bob", approved.getApproval().getBy());
        assertTrue(approved.getBody().matches("(?s).*## Approval Discussion\n\n\\*\\*bob\\*\\* - \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} - APPROVED\n\nLooks safe\\.\n"),
                approved.getBody());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, approved.getStatus());
        transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);
    }

    @Test
    void concurrentApproveAndRejectLetExactlyOneWin() throws Exception {
        String project = newProject();
        for (int round = 0; round < 5; round++) {
            Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                    .setTitle("Risky change " + round).setNeedsApproval(true).build()).getSpec();
            CountDownLatch go = new CountDownLatch(1);
            List<String> outcomes = Parallel.run(2, 1, i -> {
                try {
                    go.await(30, TimeUnit.SECONDS);
                    if (i == 0) {
                        asUser(lifecycle, "bob").approveSpec(ApproveSpecRequest.newBuilder().setProject(project)
                                .setId(spec.getId()).build());
                    } else {
                        asUser(lifecycle, "carol").rejectSpec(RejectSpecRequest.newBuilder().setProject(project)
                                .setId(spec.getId()).setReason("too risky").build());
                    }
                    return "won";
                } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode().name();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, go::countDown);

            assertEquals(List.of("ABORTED", "won"), outcomes.stream().sorted().toList(), "round " + round);
        }
    }

    @Test
    void rejectionWithTheDependencyActionAddsAFixUpSpec() {
        String project = projectWith(RejectionAction.REJECTION_ACTION_DEPENDENCY);
        Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Migrate to raw SQL").setNeedsApproval(true).build()).getSpec();

        RejectSpecResponse rejected = asUser(lifecycle, "bob").rejectSpec(RejectSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setReason("Benchmark first").build());

        assertEquals(1, rejected.getCreatedIdsCount());
        assertEquals(List.of(rejected.getCreatedIds(0)), rejected.getSpec().getDependsOnList());
        assertTrue(get(project, rejected.getCreatedIds(0)).getBody().contains("Benchmark first"));
        assertTrue(rejected.getSpec().getBody().contains("**bob** - "));
    }

    @Test
    void rejectionWithTheGroupActionSplitsTheCriteriaIntoMembers() {
        String project = projectWith(RejectionAction.REJECTION_ACTION_GROUP);
        Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("JWT authentication").setNeedsApproval(true)
                .setBody("## Acceptance Criteria\n\n- [ ] Validate tokens\n- [ ] Refresh tokens\n").build()).getSpec();

        RejectSpecResponse rejected = asUser(lifecycle, "bob").rejectSpec(RejectSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setReason("Too big for one review").build());

        assertEquals(List.of(spec.getId() + ".1", spec.getId() + ".2"), rejected.getCreatedIdsList());
        assertEquals(chant.v1.SpecType.SPEC_TYPE_GROUP, rejected.getSpec().getType());
        assertEquals("Refresh tokens", get(project, spec.getId() + ".2").getTitle());
    }

    @Test
    void theAuthorIsTheTokensSubjectAndCannotApproveOrRejectTheirOwnSpec() {
        String project = newProject();
        Spec spec = awaitingApproval(project, "Zoë");

        String approve = assertStatus(Status.Code.PERMISSION_DENIED, () -> asUser(lifecycle, "Zoë").approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));
        String reject = assertStatus(Status.Code.PERMISSION_DENIED, () -> asUser(lifecycle, "Zoë").rejectSpec(
                RejectSpecRequest.newBuilder().setProject(project).setId(spec.getId()).setReason("no").build()));

        assertTrue(approve.contains("Zoë wrote spec " + spec.getId()), approve);
        assertTrue(reject.contains("cannot approve or reject"), reject);
        Spec after = get(project, spec.getId());
        assertEquals("Zoë", after.getCreatedBy());
        assertEquals(ApprovalStatus.APPROVAL_STATUS_PENDING, after.getApproval().getStatus());
        assertEquals(spec.getVersion(), after.getVersion(), "a refused decision changes nothing");
    }

    @Test
    void anEditCannotDecideTheApproval() {
        String project = newProject();
        Spec spec = awaitingApproval(project, "alice");
        String markdown = specs.getSpec(chant.v1.GetSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setIncludeMarkdown(true).build()).getMarkdown();
        String approvedByEdit = markdown.replaceFirst("(?m)^  status: pending$",
                "  status: approved\n  by: bob\n  at: 2026-01-01T00:00:00Z");
        assertTrue(!approvedByEdit.equals(markdown), markdown);

        String refused = assertStatus(Status.Code.INVALID_ARGUMENT, () -> as("alice").updateSpec(
                chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                        .setExpectedVersion(spec.getVersion()).setMarkdown(approvedByEdit).build()));

        assertTrue(refused.contains("ApproveSpec"), refused + "\n" + approvedByEdit);
        assertEquals(ApprovalStatus.APPROVAL_STATUS_PENDING, get(project, spec.getId()).getApproval().getStatus());
    }

    @Test
    void theAuthorCannotDropAPendingApprovalButAnotherPersonCan() {
        String project = newProject();
        Spec spec = awaitingApproval(project, "alice");
        chant.v1.UpdateSpecRequest drop = chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setNeedsApproval(false).build();

        String refused = assertStatus(Status.Code.FAILED_PRECONDITION, () -> as("alice").updateSpec(drop));
        assertTrue(refused.contains("author cannot drop"), refused);

        Spec dropped = as("bob").updateSpec(drop).getSpec();
        assertEquals(false, dropped.getApproval().getRequired());
    }

    @Test
    void aDecisionThatStaysAfterTheRequirementWasDroppedDoesNotBlockLaterEdits() {
        String project = newProject();
        Spec spec = awaitingApproval(project, "alice");
        asUser(lifecycle, "bob").approveSpec(ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build());
        String markdown = specs.getSpec(chant.v1.GetSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setIncludeMarkdown(true).build()).getMarkdown();
        Spec approved = get(project, spec.getId());

        Spec dropped = as("carol").updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setExpectedVersion(approved.getVersion())
                .setMarkdown(markdown.replace("  required: true", "  required: false")).build()).getSpec();
        Spec retitled = as("carol").updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setExpectedVersion(dropped.getVersion()).setTitle("Renamed").build()).getSpec();

        assertEquals(false, dropped.getApproval().getRequired());
        assertEquals("Renamed", retitled.getTitle());
        assertEquals("bob", retitled.getApproval().getBy());
    }

    @Test
    void afterARejectionTheAuthorAsksAgainAndAnApproverDecidesAnew() {
        String project = newProject();
        Spec spec = awaitingApproval(project, "alice");
        asUser(lifecycle, "bob").rejectSpec(RejectSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setReason("Add a migration plan").build());
        Spec rejected = get(project, spec.getId());
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, rejected.getStatus());
        assertStatus(Status.Code.ABORTED, () -> asUser(lifecycle, "carol").approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()));

        Spec asked = asUser(lifecycle, "alice").requestApproval(chant.v1.RequestApprovalRequest.newBuilder()
                .setProject(project).setId(spec.getId()).setComment("Migration plan added").build()).getSpec();
        assertEquals(ApprovalStatus.APPROVAL_STATUS_PENDING, asked.getApproval().getStatus());
        assertEquals("", asked.getApproval().getBy());
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> asUser(lifecycle, "alice").requestApproval(
                chant.v1.RequestApprovalRequest.newBuilder().setProject(project).setId(spec.getId()).build()));

        Spec approved = asUser(lifecycle, "carol").approveSpec(ApproveSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).build()).getSpec();
        assertEquals(ApprovalStatus.APPROVAL_STATUS_APPROVED, approved.getApproval().getStatus());
        List<chant.v1.EventKind> kinds = events.listSpecEvents(chant.v1.ListSpecEventsRequest.newBuilder().setProject(project)
                .setSpecId(spec.getId()).build()).getEventsList().stream().map(chant.v1.SpecEvent::getKind).toList();
        assertEquals(List.of(chant.v1.EventKind.EVENT_KIND_CREATED, chant.v1.EventKind.EVENT_KIND_REJECTED,
                chant.v1.EventKind.EVENT_KIND_APPROVAL_REQUESTED, chant.v1.EventKind.EVENT_KIND_APPROVED), kinds);
    }

    @Test
    void rejectedSpecsAndTheDriverOfAGroupRejectionCanBeShown() {
        String project = projectWith(RejectionAction.REJECTION_ACTION_GROUP);
        Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Split me").setNeedsApproval(true)
                .setBody("## Acceptance Criteria\n\n- [ ] One\n- [ ] Two\n").build()).getSpec();
        asUser(lifecycle, "bob").rejectSpec(RejectSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setReason("Too big").build());

        Spec driver = get(project, spec.getId());
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, driver.getStatus());
        String markdown = specs.getSpec(chant.v1.GetSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setIncludeMarkdown(true).build()).getMarkdown();
        assertTrue(markdown.contains("\nstatus: pending\n"), "the file holds the stored status, not blocked: " + markdown);
        List<chant.v1.Blocker> blockers = lifecycle.getBlockers(chant.v1.GetBlockersRequest.newBuilder()
                .setProject(project).setId(spec.getId()).build()).getBlockersList();
        assertTrue(blockers.stream().anyMatch(b -> b.getDescription().contains("approval was rejected")), blockers.toString());
        assertEquals("One", get(project, spec.getId() + ".1").getTitle());
    }

    private Spec awaitingApproval(String project, String author) {
        return as(author).createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Needs a second pair of eyes").setNeedsApproval(true).build()).getSpec();
    }

    private String projectWith(RejectionAction action) {
        String name = "approval-" + System.nanoTime();
        projects.createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)
                .setRejectionAction(action)).build());
        return name;
    }
}
