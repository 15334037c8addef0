package chant.cli.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.Approval;
import chant.v1.ApprovalStatus;
import chant.v1.ApproveSpecRequest;
import chant.v1.ApproveSpecResponse;
import chant.v1.CancelSpecRequest;
import chant.v1.CancelSpecResponse;
import chant.v1.RejectSpecRequest;
import chant.v1.RejectSpecResponse;
import chant.v1.ResetSpecRequest;
import chant.v1.ResetSpecResponse;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecStatus;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** approve, reject, cancel and reset. */
class DecisionCommandsTest extends InProcessCliTest {
    private static final String ID = "2026-01-22-001-x7m";

    private static Approval approval(ApprovalStatus status) {
        return Approval.newBuilder().setRequired(true).setStatus(status).setBy("alice").setAt("2026-01-22T10:00:00Z").build();
    }

    @Test
    void approveSendsTheCommentAndPrintsTheDecision() {
        server.reply(SpecLifecycleServiceGrpc.getApproveSpecMethod(), ApproveSpecResponse.newBuilder()
                .setSpec(Specs.spec(ID, "Login", 4).setApproval(approval(ApprovalStatus.APPROVAL_STATUS_APPROVED))).build());

        Result result = run("approve", "x7m", "--comment", "looks good");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(ApproveSpecRequest.newBuilder().setProject(PROJECT).setId("x7m").setComment("looks good").build()),
                server.requests(SpecLifecycleServiceGrpc.getApproveSpecMethod()));
        assertEquals(List.of("Bearer " + TOKEN), authorizations);
        assertEquals("Approved spec: " + ID + " (approval: required, approved by alice at 2026-01-22T10:00:00Z)\n",
                result.out());
    }

    @Test
    void requestApprovalAsksAgain() {
        server.reply(SpecLifecycleServiceGrpc.getRequestApprovalMethod(), chant.v1.RequestApprovalResponse.newBuilder()
                .setSpec(Specs.spec(ID, "Login", 6).setApproval(Approval.newBuilder().setRequired(true)
                        .setStatus(ApprovalStatus.APPROVAL_STATUS_PENDING))).build());

        Result result = run("request-approval", "x7m", "--comment", "plan added");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(chant.v1.RequestApprovalRequest.newBuilder().setProject(PROJECT).setId("x7m")
                .setComment("plan added").build()), server.requests(SpecLifecycleServiceGrpc.getRequestApprovalMethod()));
        assertEquals("Approval requested again: " + ID + " (approval: required, pending)\n", result.out());
    }

    @Test
    void approvingOnesOwnSpecIsRefusedWith5() {
        server.reply(SpecLifecycleServiceGrpc.getApproveSpecMethod(),
                Status.FAILED_PRECONDITION.withDescription("alice is the author of " + ID + " and cannot approve it"));

        Result result = run("approve", "x7m");

        assertEquals(5, result.exitCode());
        assertEquals("chant: alice is the author of " + ID + " and cannot approve it\n", result.err());
    }

    @Test
    void rejectPrintsTheSpecAndTheCreatedSpecs() {
        server.reply(SpecLifecycleServiceGrpc.getRejectSpecMethod(), RejectSpecResponse.newBuilder()
                .setSpec(Specs.spec(ID, "Login", 5).setApproval(approval(ApprovalStatus.APPROVAL_STATUS_REJECTED)))
                .addCreatedIds(ID + ".1").addCreatedIds(ID + ".2").build());

        Result result = run("reject", "x7m", "--reason", "split it up");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(RejectSpecRequest.newBuilder().setProject(PROJECT).setId("x7m").setReason("split it up").build()),
                server.requests(SpecLifecycleServiceGrpc.getRejectSpecMethod()));
        assertEquals(List.of(
                "Rejected spec: " + ID + " (approval: required, rejected by alice at 2026-01-22T10:00:00Z)",
                "Created spec: " + ID + ".1",
                "Created spec: " + ID + ".2"), result.outLines());
    }

    @Test
    void rejectNeedsAReason() {
        Result result = run("reject", "x7m");

        assertEquals(2, result.exitCode());
        assertEquals("chant: Missing required option: '--reason=TEXT'", result.errLines().get(0));
        assertEquals(List.of(), server.requests(SpecLifecycleServiceGrpc.getRejectSpecMethod()));
    }

    @Test
    void cancelPrintsEveryCancelledSpec() {
        server.reply(SpecLifecycleServiceGrpc.getCancelSpecMethod(), CancelSpecResponse.newBuilder()
                .addCancelledIds(ID).addCancelledIds("2026-01-23-001-abc").build());

        Result result = run("cancel", "x7m", "--cascade", "--reason", "dropped");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(CancelSpecRequest.newBuilder().setProject(PROJECT).setId("x7m").setCascade(true)
                .setReason("dropped").build()), server.requests(SpecLifecycleServiceGrpc.getCancelSpecMethod()));
        assertEquals(List.of("Cancelled spec: " + ID, "Cancelled spec: 2026-01-23-001-abc"), result.outLines());
    }

    @Test
    void cancelRefusedForDependentsExitsWith5AndForceNeedsAReason() {
        server.reply(SpecLifecycleServiceGrpc.getCancelSpecMethod(), Status.FAILED_PRECONDITION.withDescription(
                "open specs depend on " + ID + ": 2026-01-23-001-abc"));

        Result refused = run("cancel", "x7m");
        Result forced = run("cancel", "x7m", "--force");

        assertEquals(5, refused.exitCode());
        assertEquals("chant: open specs depend on " + ID + ": 2026-01-23-001-abc\n", refused.err());
        assertEquals(2, forced.exitCode());
        assertEquals("chant: --force needs --reason TEXT (forced cancels are recorded with why)\n", forced.err());
        assertEquals(1, server.requests(SpecLifecycleServiceGrpc.getCancelSpecMethod()).size());
    }

    @Test
    void resetPrintsTheNewStatus() {
        server.reply(SpecLifecycleServiceGrpc.getResetSpecMethod(), ResetSpecResponse.newBuilder()
                .setSpec(Specs.spec(ID, "Login", 6).setStatus(SpecStatus.SPEC_STATUS_PENDING)).build());

        Result result = run("reset", "x7m", "--reason", "retry");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(ResetSpecRequest.newBuilder().setProject(PROJECT).setId("x7m").setReason("retry").build()),
                server.requests(SpecLifecycleServiceGrpc.getResetSpecMethod()));
        assertEquals("Reset spec: " + ID + " (now pending)\n", result.out());
    }
}
