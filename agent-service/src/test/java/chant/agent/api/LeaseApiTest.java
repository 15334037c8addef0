package chant.agent.api;

import chant.support.time.Timestamps;
import chant.v1.ClaimRunResponse;
import chant.v1.FinishRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunStatus;
import chant.v1.RunUsage;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leases and their fencing epochs, the sweeper (lost leases, timeouts) and retries, over real
 * gRPC. The test profile's lease is 3 s, the sweep runs every second, backoffs are 1 s and 2 s and
 * a run has 3 attempts.
 */
@QuarkusTest
class LeaseApiTest extends RunApiTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aClaimHoldsALeaseThatHeartbeatsExtendAndFinishEnds() {
        Run queued = enqueue(newProject(), "s-1");
        ClaimRunResponse claim = claim("runner-a");
        assertTrue(claim.getClaimed());
        Run run = claim.getRun();
        assertEquals(queued.getId(), run.getId());
        assertEquals(RunStatus.RUN_STATUS_PREPARING, run.getStatus());
        assertEquals("runner-a", run.getRunnerId());
        assertEquals(1, claim.getLease().getEpoch());
        assertEquals(1, claim.getLease().getHeartbeatIntervalSeconds());
        assertEquals(Duration.ofSeconds(3), Duration.between(Timestamps.fromProto(run.getStartTime()),
                Timestamps.fromProto(claim.getLease().getExpireTime())), "the lease lasts lease-seconds from the claim");
        assertFalse(claim("runner-b").getClaimed(), "nothing else is queued");

        var beat = runnerOf(run.getId()).heartbeat(HeartbeatRequest.newBuilder().setRunId(run.getId()).setEpoch(1)
                .setStatus(RunStatus.RUN_STATUS_RUNNING).setBaseCommit("abc123").build());
        assertFalse(Timestamps.fromProto(beat.getLease().getExpireTime())
                .isBefore(Timestamps.fromProto(claim.getLease().getExpireTime())));
        assertEquals(RunStatus.RUN_STATUS_RUNNING, get(run.getId()).getStatus());
        assertEquals("abc123", get(run.getId()).getBaseCommit());
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> runnerOf(run.getId()).heartbeat(HeartbeatRequest.newBuilder()
                .setRunId(run.getId()).setEpoch(1).setStatus(RunStatus.RUN_STATUS_PREPARING).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> runnerOf(run.getId()).heartbeat(HeartbeatRequest.newBuilder()
                .setRunId(run.getId()).setEpoch(1).setStatus(RunStatus.RUN_STATUS_SUCCEEDED).build()));

        FinishRunRequest finish = FinishRunRequest.newBuilder().setRunId(run.getId()).setEpoch(1)
                .setOutcome(RunOutcome.RUN_OUTCOME_SUCCEEDED).setHeadCommit("def456").setReason("done")
                .setUsage(RunUsage.newBuilder().setCostUsd(0.0125).setInputTokens(300).setOutputTokens(60)).build();
        Run ended = runnerOf(run.getId()).finishRun(finish).getRun();
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, ended.getStatus());
        assertEquals("def456", ended.getHeadCommit());
        assertEquals("abc123", ended.getBaseCommit());
        assertEquals(0.0125, ended.getCostUsd());
        assertEquals(300, ended.getInputTokens());
        assertEquals(60, ended.getOutputTokens());
        assertEquals("done", ended.getEndReason());
        assertTrue(ended.hasEndTime());
        assertFalse(ended.hasLeaseExpireTime());
        assertEquals(ended, runnerOf(run.getId()).finishRun(finish).getRun(), "a repeated finish returns the run unchanged");
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> heartbeat(run.getId(), 1))
                .contains("has ended (succeeded: done)"));
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> finish(run.getId(), 1, RunOutcome.RUN_OUTCOME_FAILED, "x"));
        assertStatus(Status.Code.NOT_FOUND, () -> heartbeat(987_654_321L, 1));
    }

    @Test
    void aStaleEpochCanNeitherHeartbeatNorFinish() {
        Run queued = enqueue(newProject(), "s-1");
        ClaimRunResponse claim = claim("runner-a");
        long epoch = claim.getLease().getEpoch();
        Run before = get(queued.getId());

        for (long stale : new long[] {epoch - 1, epoch + 1}) {
            assertTrue(assertStatus(Status.Code.ABORTED, () -> heartbeat(queued.getId(), stale))
                    .contains("is no longer valid: the current epoch is " + epoch));
            assertStatus(Status.Code.ABORTED,
                    () -> finish(queued.getId(), stale, RunOutcome.RUN_OUTCOME_SUCCEEDED, "stale"));
        }
        assertEquals(before, get(queued.getId()), "refused calls changed nothing");
        assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> finish(queued.getId(), epoch, RunOutcome.RUN_OUTCOME_UNSPECIFIED, ""));
        assertEquals(RunStatus.RUN_STATUS_FAILED,
                finish(queued.getId(), epoch, RunOutcome.RUN_OUTCOME_FAILED, "compile error").getStatus());
    }

    @Test
    void anExpiredLeaseIsSweptRequeuedWithBackoffAndFailedAfterMaxAttempts() {
        Run queued = enqueue(newProject(), "s-1");
        ClaimRunResponse first = claim("runner-a");
        assertEquals(1, first.getLease().getEpoch());

        // runner-a stops reporting: its lease expires and the sweeper queues the run again.
        Run requeued = awaitRun(queued.getId(), r -> r.getStatus() == RunStatus.RUN_STATUS_QUEUED && r.getAttempt() == 2);
        assertTrue(requeued.getRetryReason().startsWith("attempt 1 was lost: the lease of runner runner-a expired"),
                requeued.getRetryReason());
        assertEquals("", requeued.getRunnerId());
        assertTrue(Timestamps.fromProto(requeued.getNotBefore())
                .isAfter(Timestamps.fromProto(first.getLease().getExpireTime())), "a retry waits for its backoff");

        // The old runner is fenced off.
        assertTrue(assertStatus(Status.Code.ABORTED, () -> heartbeat(queued.getId(), 1))
                .contains("was lost and the run was queued again"));
        assertStatus(Status.Code.ABORTED, () -> finish(queued.getId(), 1, RunOutcome.RUN_OUTCOME_SUCCEEDED, "late"));
        assertEquals(requeued, get(queued.getId()));

        // The second attempt is claimed after its backoff, with a new epoch, and lost again.
        ClaimRunResponse second = awaitClaim("runner-b");
        assertEquals(2, second.getRun().getAttempt());
        assertEquals(2, second.getLease().getEpoch());
        assertFalse(Timestamps.fromProto(second.getRun().getStartTime())
                .isBefore(Timestamps.fromProto(requeued.getNotBefore())), "not claimed before its backoff ended");
        assertStatus(Status.Code.ABORTED, () -> heartbeat(queued.getId(), 1));
        Run third = awaitRun(queued.getId(), r -> r.getAttempt() == 3 && r.getStatus() == RunStatus.RUN_STATUS_QUEUED);
        assertTrue(third.getRetryReason().contains("runner runner-b"));

        // The third and last attempt is lost too: the run fails with the reason.
        ClaimRunResponse last = awaitClaim("runner-c");
        assertEquals(3, last.getLease().getEpoch());
        Run failed = awaitRun(queued.getId(), r -> r.getStatus() == RunStatus.RUN_STATUS_FAILED);
        assertEquals(3, failed.getAttempt());
        assertTrue(failed.getEndReason().startsWith("attempt 3 was lost: the lease of runner runner-c expired"),
                failed.getEndReason());
        assertTrue(failed.getEndReason().endsWith("(attempt 3 of 3: no attempts left)"), failed.getEndReason());
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> heartbeat(queued.getId(), 3))
                .contains("has ended (failed"));
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> finish(queued.getId(), 3, RunOutcome.RUN_OUTCOME_FAILED, "late")).contains("has ended (failed"),
                "a late finish is not mistaken for a repeat of its own: the sweeper ended the run");
    }

    @Test
    void aCancelledRunWhoseRunnerStopsReportingEndsCancelledAndIsNotRetried() {
        Run queued = enqueue(newProject(), "s-1");
        claim("runner-a");
        asUser(runs, "dave").cancelRun(chant.v1.CancelRunRequest.newBuilder().setRunId(queued.getId()).build());

        Run ended = awaitRun(queued.getId(), r -> r.getStatus() != RunStatus.RUN_STATUS_PREPARING);
        assertEquals(RunStatus.RUN_STATUS_CANCELLED, ended.getStatus());
        assertEquals(1, ended.getAttempt());
        assertTrue(ended.getEndReason().startsWith("cancelled by dave; runner runner-a stopped reporting"),
                ended.getEndReason());
    }

    @Test
    void aRetryableFailureIsRetriedAfterABackoff() {
        Run queued = enqueue(newProject(), "s-1");
        ClaimRunResponse claim = claim("runner-a");
        Run retried = finish(queued.getId(), claim.getLease().getEpoch(), RunOutcome.RUN_OUTCOME_RETRYABLE_FAILURE,
                "rate limited");
        assertEquals(RunStatus.RUN_STATUS_QUEUED, retried.getStatus());
        assertEquals(2, retried.getAttempt());
        assertEquals("attempt 1 failed: rate limited", retried.getRetryReason());
        assertFalse(retried.hasEndTime());

        ClaimRunResponse again = awaitClaim("runner-b");
        assertEquals(queued.getId(), again.getRun().getId());
        assertEquals(2, again.getLease().getEpoch());
    }

    @Test
    void aRunPastItsTimeoutEndsAsTimedOutEvenWhileItsRunnerHeartbeats() {
        Run queued = enqueue(newProject(), "s-1", r -> r.setTimeoutSeconds(1));
        long epoch = claim("runner-a").getLease().getEpoch();

        AtomicReference<String> refusal = new AtomicReference<>();
        await().atMost(DEADLINE).until(() -> {
            try {
                heartbeat(queued.getId(), epoch);
                return false;
            } catch (io.grpc.StatusRuntimeException e) {
                refusal.set(e.getStatus().getCode() + " " + e.getStatus().getDescription());
                return true;
            }
        });
        assertTrue(refusal.get().startsWith("FAILED_PRECONDITION run " + queued.getId() + " has ended (timed_out"),
                refusal.get());
        Run run = get(queued.getId());
        assertEquals(RunStatus.RUN_STATUS_TIMED_OUT, run.getStatus());
        assertEquals("attempt 1 took longer than its timeout of 1 s", run.getEndReason());
    }

    private Run awaitRun(long id, java.util.function.Predicate<Run> condition) {
        AtomicReference<Run> seen = new AtomicReference<>();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen.set(get(id));
            return condition.test(seen.get());
        });
        return seen.get();
    }

    private ClaimRunResponse awaitClaim(String runnerId) {
        AtomicReference<ClaimRunResponse> claim = new AtomicReference<>();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            claim.set(claim(runnerId));
            return claim.get().getClaimed();
        });
        return claim.get();
    }
}
