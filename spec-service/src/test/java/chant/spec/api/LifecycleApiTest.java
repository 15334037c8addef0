package chant.spec.api;

import chant.v1.CancelSpecRequest;
import chant.v1.GetBlockersRequest;
import chant.v1.GetBlockersResponse;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.ResetSpecRequest;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.TopologicalOrderRequest;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine, readiness and dependencies, through the public API. */
@QuarkusTest
class LifecycleApiTest extends ApiTestBase {

    private static final String CRITERIA = "## Acceptance Criteria\n\n- [ ] First\n- [x] Second\n";

    @Test
    void transitionsOutsideTheTableAreRefusedNamingTheAllowedOnes() {
        String project = newProject();
        Spec spec = create(project, "Spec");

        String message = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> transition(project, spec.getId(), SpecStatus.SPEC_STATUS_COMPLETED));

        assertTrue(message.contains("in_progress"), message);
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, get(project, spec.getId()).getStatus());
    }

    @Test
    void aSpecWaitsForItsDependenciesAndReadsBlockedMeanwhile() {
        String project = newProject();
        Spec triage = create(project, "Triage");
        Spec reproduce = create(project, "Reproduce", r -> r.addDependsOn(triage.getId()));

        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, get(project, reproduce.getId()).getStatus());
        assertEquals(List.of(triage.getId()), readyIds(project));
        String refusal = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> transition(project, reproduce.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS));
        assertTrue(refusal.contains(triage.getId()), refusal);
        GetBlockersResponse blockers = lifecycle.getBlockers(GetBlockersRequest.newBuilder()
                .setProject(project).setId(reproduce.getId()).build());
        assertFalse(blockers.getReady());
        assertEquals(triage.getId(), blockers.getBlockers(0).getSpecId());
        assertEquals(List.of(reproduce.getId()), ids(specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                .addStatuses(SpecStatus.SPEC_STATUS_BLOCKED).build()).getSpecsList()));

        finish(project, triage.getId());

        assertEquals(SpecStatus.SPEC_STATUS_PENDING, get(project, reproduce.getId()).getStatus());
        assertEquals(List.of(reproduce.getId()), readyIds(project));
    }

    @Test
    void completingNeedsEveryCriterionCheckedUnlessForcedWithAReason() {
        String project = newProject();
        Spec spec = create(project, "Spec", r -> r.setBody(CRITERIA));
        transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);

        String refusal = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> transition(project, spec.getId(), SpecStatus.SPEC_STATUS_COMPLETED));
        assertTrue(refusal.contains("1 of 2"), refusal);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> lifecycle.transitionSpec(TransitionSpecRequest.newBuilder()
                .setProject(project).setId(spec.getId()).setTo(SpecStatus.SPEC_STATUS_COMPLETED).setForce(true).build()));

        TransitionSpecResponse forced = lifecycle.transitionSpec(TransitionSpecRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setTo(SpecStatus.SPEC_STATUS_COMPLETED).setForce(true)
                .setReason("criterion verified by hand").build());

        assertTrue(forced.getTransitions(0).getForced());
        assertEquals(SpecStatus.SPEC_STATUS_COMPLETED, forced.getSpec().getStatus());
        assertFalse(forced.getSpec().getCompletedAt().isEmpty());
    }

    @Test
    void writingACycleIsRefusedNamingIt() {
        String project = newProject();
        Spec a = create(project, "A");
        Spec b = create(project, "B", r -> r.addDependsOn(a.getId()));
        Spec c = create(project, "C", r -> r.addDependsOn(b.getId()));

        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.updateSpec(UpdateSpecRequest.newBuilder()
                .setProject(project).setId(a.getId()).setExpectedVersion(a.getVersion())
                .setDependsOn(StringList.newBuilder().addValues(c.getId())).build()));

        assertTrue(message.contains(a.getId() + " -> " + c.getId() + " -> " + b.getId() + " -> " + a.getId()), message);
    }

    @Test
    void topologicalOrderPutsDependenciesFirst() {
        String project = newProject();
        Spec a = create(project, "A");
        Spec b = create(project, "B");
        Spec c = create(project, "C", r -> r.addDependsOn(b.getId()));
        updateDependsOn(project, a, c.getId());

        List<String> order = lifecycle.topologicalOrder(TopologicalOrderRequest.newBuilder().setProject(project)
                .addIds(a.getId()).addIds(b.getId()).addIds(c.getId()).build()).getIdsList();

        assertEquals(List.of(b.getId(), c.getId(), a.getId()), order);
    }

    @Test
    void editingTheStatusGoesThroughTheSameRules() {
        String project = newProject();
        Spec spec = create(project, "Spec");

        assertStatus(Status.Code.FAILED_PRECONDITION, () -> specs.updateSpec(UpdateSpecRequest.newBuilder()
                .setProject(project).setId(spec.getId()).setExpectedVersion(spec.getVersion())
                .setStatus(SpecStatus.SPEC_STATUS_COMPLETED).build()));
        Spec started = specs.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS).build()).getSpec();

        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, started.getStatus());
    }

    @Test
    void cancelIsRefusedWhileOthersDependUnlessCascadeOrForce() {
        String project = newProject();
        Spec a = create(project, "A");
        Spec b = create(project, "B", r -> r.addDependsOn(a.getId()));
        Spec c = create(project, "C", r -> r.addDependsOn(b.getId()));

        String refusal = assertStatus(Status.Code.FAILED_PRECONDITION, () -> lifecycle.cancelSpec(
                CancelSpecRequest.newBuilder().setProject(project).setId(a.getId()).build()));
        assertTrue(refusal.contains(b.getId()) && refusal.contains(c.getId()), refusal);

        List<String> cancelled = lifecycle.cancelSpec(CancelSpecRequest.newBuilder().setProject(project)
                .setId(a.getId()).setCascade(true).build()).getCancelledIdsList();

        assertEquals(List.of(a.getId(), b.getId(), c.getId()), cancelled);
        assertEquals(SpecStatus.SPEC_STATUS_CANCELLED, get(project, c.getId()).getStatus());
    }

    @Test
    void forcedCancelLeavesDependentsAlone() {
        String project = newProject();
        Spec a = create(project, "A");
        Spec b = create(project, "B", r -> r.addDependsOn(a.getId()));

        lifecycle.cancelSpec(CancelSpecRequest.newBuilder().setProject(project).setId(a.getId()).setForce(true)
                .setReason("superseded").build());

        assertEquals(SpecStatus.SPEC_STATUS_CANCELLED, get(project, a.getId()).getStatus());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, get(project, b.getId()).getStatus(),
                "a cancelled dependency counts as done");
    }

    @Test
    void resetPutsAStuckSpecBackToPending() {
        String project = newProject();
        Spec spec = create(project, "Spec");
        transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);

        Spec reset = lifecycle.resetSpec(ResetSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setReason("agent crashed").build()).getSpec();

        assertEquals(SpecStatus.SPEC_STATUS_PENDING, reset.getStatus());
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> lifecycle.resetSpec(ResetSpecRequest.newBuilder()
                .setProject(project).setId(spec.getId()).build()));
    }

    @Test
    void aFailedSpecIsReadyForARetry() {
        String project = newProject();
        Spec spec = create(project, "Spec");
        transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);
        transition(project, spec.getId(), SpecStatus.SPEC_STATUS_FAILED);

        assertEquals(List.of(spec.getId()), readyIds(project));
    }

    @Test
    void everyReplySaysWhatGetSpecSays() {
        String project = newProject();
        Spec first = create(project, "First");
        Spec waiting = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Waits for First and a review").addDependsOn(first.getId()).setNeedsApproval(true).build())
                .getSpec();
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, waiting.getStatus());

        Spec approved = asUser(lifecycle, "bob").approveSpec(chant.v1.ApproveSpecRequest.newBuilder()
                .setProject(project).setId(waiting.getId()).build()).getSpec();
        assertEquals(get(project, waiting.getId()).getStatus(), approved.getStatus(), "approve");
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, approved.getStatus(), "still waits for First");

        Spec forced = lifecycle.transitionSpec(TransitionSpecRequest.newBuilder().setProject(project)
                .setId(waiting.getId()).setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS).setForce(true)
                .setReason("hotfix").build()).getSpec();
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, forced.getStatus());
        Spec reset = lifecycle.resetSpec(chant.v1.ResetSpecRequest.newBuilder().setProject(project)
                .setId(waiting.getId()).build()).getSpec();
        assertEquals(get(project, waiting.getId()).getStatus(), reset.getStatus(), "reset");
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, reset.getStatus());

        Spec edited = specs.updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId(waiting.getId())
                .setExpectedVersion(reset.getVersion()).setLabels(chant.v1.StringList.newBuilder().addValues("x")).build())
                .getSpec();
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, edited.getStatus(), "update");

        List<Spec> listed = specs.listSpecs(chant.v1.ListSpecsRequest.newBuilder().setProject(project).build()).getSpecsList();
        assertEquals(List.of(SpecStatus.SPEC_STATUS_PENDING, SpecStatus.SPEC_STATUS_BLOCKED),
                listed.stream().map(Spec::getStatus).toList(), "list");
    }

    private void updateDependsOn(String project, Spec spec, String dependency) {
        specs.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(get(project, spec.getId()).getVersion())
                .setDependsOn(StringList.newBuilder().addValues(dependency)).build());
    }

    private List<String> readyIds(String project) {
        return ids(lifecycle.listReadySpecs(ListReadySpecsRequest.newBuilder().setProject(project).build()).getSpecsList());
    }

    static List<String> ids(List<Spec> specs) {
        return specs.stream().map(Spec::getId).toList();
    }
}
