package chant.cli.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.Transition;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionCommandsTest extends InProcessCliTest {
    private static final String ID = "2026-01-22-001-x7m.2";
    private static final String DRIVER = "2026-01-22-001-x7m";

    private static TransitionSpecResponse moved(SpecStatus from, SpecStatus to, boolean forced, Transition... automatic) {
        return TransitionSpecResponse.newBuilder()
                .setSpec(Specs.spec(ID, "Member", 3).setStatus(to))
                .addTransitions(Transition.newBuilder().setSpecId(ID).setFrom(from).setTo(to).setForced(forced))
                .addAllTransitions(List.of(automatic))
                .build();
    }

    private List<TransitionSpecRequest> requests() {
        return server.requests(SpecLifecycleServiceGrpc.getTransitionSpecMethod());
    }

    @Test
    void transitionSendsTheStatusAndPrintsEveryTransition() {
        server.reply(SpecLifecycleServiceGrpc.getTransitionSpecMethod(), moved(SpecStatus.SPEC_STATUS_IN_PROGRESS,
                SpecStatus.SPEC_STATUS_COMPLETED, false, Transition.newBuilder().setSpecId(DRIVER)
                        .setFrom(SpecStatus.SPEC_STATUS_IN_PROGRESS).setTo(SpecStatus.SPEC_STATUS_COMPLETED)
                        .setAutomatic(true).build()));

        Result result = run("transition", "x7m.2", "completed", "--reason", "all done");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(TransitionSpecRequest.newBuilder().setProject(PROJECT).setId("x7m.2")
                .setTo(SpecStatus.SPEC_STATUS_COMPLETED).setReason("all done").build()), requests());
        assertEquals(List.of(
                ID + ": in_progress -> completed",
                "  " + DRIVER + ": in_progress -> completed (automatic)"), result.outLines());
        assertEquals("", result.err());
    }

    @Test
    void startIsInProgressAndForcedOnesAreMarked() {
        server.reply(SpecLifecycleServiceGrpc.getTransitionSpecMethod(), moved(SpecStatus.SPEC_STATUS_PENDING,
                SpecStatus.SPEC_STATUS_IN_PROGRESS, true, Transition.newBuilder().setSpecId(DRIVER)
                        .setFrom(SpecStatus.SPEC_STATUS_PENDING).setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS)
                        .setAutomatic(true).build()));

        Result result = run("start", "x7m.2", "--force", "--reason", "dependency done elsewhere");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(TransitionSpecRequest.newBuilder().setProject(PROJECT).setId("x7m.2")
                .setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS).setForce(true).setReason("dependency done elsewhere").build()),
                requests());
        assertEquals(List.of(
                ID + ": pending -> in_progress (forced)",
                "  " + DRIVER + ": pending -> in_progress (automatic)"), result.outLines());
    }

    @Test
    void shorthandsSendTheirStatus() {
        server.reply(SpecLifecycleServiceGrpc.getTransitionSpecMethod(),
                moved(SpecStatus.SPEC_STATUS_IN_PROGRESS, SpecStatus.SPEC_STATUS_COMPLETED, false),
                moved(SpecStatus.SPEC_STATUS_IN_PROGRESS, SpecStatus.SPEC_STATUS_PAUSED, false),
                moved(SpecStatus.SPEC_STATUS_IN_PROGRESS, SpecStatus.SPEC_STATUS_FAILED, false));
        // pause looks for an active run of the spec first; without one it is the transition.
        server.reply(chant.v1.RunServiceGrpc.getListRunsMethod(), chant.v1.ListRunsResponse.getDefaultInstance());
        server.reply(chant.v1.SpecServiceGrpc.getResolveSpecIdMethod(),
                chant.v1.ResolveSpecIdResponse.newBuilder().setId("b").build());

        assertEquals(0, run("complete", "a").exitCode());
        assertEquals(0, run("pause", "b").exitCode());
        Result failed = run("fail", "c", "--reason", "tests do not pass");

        assertEquals(0, failed.exitCode(), failed.toString());
        assertEquals(List.of(ID + ": in_progress -> failed"), failed.outLines());
        assertEquals(List.of(SpecStatus.SPEC_STATUS_COMPLETED, SpecStatus.SPEC_STATUS_PAUSED, SpecStatus.SPEC_STATUS_FAILED),
                requests().stream().map(TransitionSpecRequest::getTo).toList());
        assertEquals(List.of("a", "b", "c"), requests().stream().map(TransitionSpecRequest::getId).toList());
        assertEquals("tests do not pass", requests().get(2).getReason());
    }

    @Test
    void anUnmetPreconditionIsOneLineAndExit5() {
        server.reply(SpecLifecycleServiceGrpc.getTransitionSpecMethod(), Status.FAILED_PRECONDITION.withDescription(
                "cannot start 2026-01-22-001-x7m:\n  depends on 2026-01-20-002-abc (in_progress)\n  approval pending"));

        Result result = run("start", "x7m");

        assertEquals(5, result.exitCode());
        assertEquals(List.of("chant: cannot start 2026-01-22-001-x7m:; depends on 2026-01-20-002-abc (in_progress); "
                + "approval pending"), result.errLines());
        assertEquals("", result.out());
    }

    @Test
    void failNeedsAReason() {
        Result result = run("fail", "x7m");

        assertEquals(2, result.exitCode());
        assertEquals("chant: Missing required option: '--reason=TEXT'", result.errLines().get(0));
        assertEquals(List.of(), requests());
    }

    @Test
    void forceWithoutAReasonIsRefusedBeforeCalling() {
        Result result = run("complete", "x7m", "--force");

        assertEquals(2, result.exitCode());
        assertEquals("chant: --force needs --reason TEXT (forced transitions are recorded with why)\n", result.err());
        assertEquals(List.of(), requests());
    }

    @Test
    void blockedAndUnknownStatusesAreUsageErrors() {
        Result blocked = run("transition", "x7m", "blocked");
        Result unknown = run("transition", "x7m", "done");

        assertEquals(2, blocked.exitCode());
        assertTrue(blocked.err().startsWith("chant: blocked cannot be requested"), blocked.err());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errLines().get(0).contains("unknown status 'done'; expected one of pending, in_progress"),
                unknown.err());
        assertEquals(List.of(), requests());
    }

    @Test
    void statusNamesTakeDashesAndAnyCase() {
        server.reply(SpecLifecycleServiceGrpc.getTransitionSpecMethod(),
                moved(SpecStatus.SPEC_STATUS_FAILED, SpecStatus.SPEC_STATUS_NEEDS_ATTENTION, false));

        Result result = run("transition", "x7m", "Needs-Attention");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(SpecStatus.SPEC_STATUS_NEEDS_ATTENTION, requests().get(0).getTo());
        assertEquals(List.of(ID + ": failed -> needs_attention"), result.outLines());
    }
}
