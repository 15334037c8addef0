package chant.merge.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.queue.Checkpoints;
import chant.merge.verify.VerifyGate;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.SpecStatus;
import chant.v1.TransitionSpecRequest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-project verify gate through the public API: spec-service (scripted) gives the project a
 * verify command; the queue runs it in the sandbox on each merge result and moves the target only to
 * a commit that passed.
 */
@QuarkusTest
class VerifyGateApiTest extends MergeApiTestBase {

    @Inject
    Checkpoints checkpoints;

    @Inject
    VerifyGate gate;

    @AfterEach
    void noHooks() {
        checkpoints.reset();
    }

    MergeRequest awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            MergeStatus s = get(id).getStatus();
            return s == MergeStatus.MERGE_STATUS_DONE || s == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return get(id);
    }

    static List<MergeOutcome> outcomes(MergeRequest m) {
        return m.getItemsList().stream().map(MergeItem::getOutcome).toList();
    }

    List<TransitionSpecRequest> transitions() {
        return specs.transitions().stream().filter(t -> t.getProject().equals(project)).toList();
    }

    @Test
    void aPassingGateMovesTheTargetToExactlyTheVerifiedCommit() {
        finished("v1", "feature.txt", "feature\n");
        remote.on("main", "main").commit("docs/notes.md", "notes\n", "notes on main").push();
        specs.verifyGate(project, List.of("sh", "-c", "test -f feature.txt && test -f docs/notes.md && echo all green"), 60);

        MergeRequest m = awaitEnd(merges.submitMerge(submit("v1").build()).getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        MergeItem item = m.getItems(0);
        assertEquals(remote.branch("main"), item.getTargetAfter());
        assertEquals(item.getTargetAfter(), item.getVerify().getCommit(), "the pushed commit is the verified one");
        assertEquals(0, item.getVerify().getExitCode());
        assertEquals("all green\n", item.getVerify().getOutputTail());
        assertFalse(item.getVerify().getTimedOut());
    }

    @Test
    void aResultWorkedOutAgainAfterALostPushIsVerifiedAgain() {
        finished("v2", "feature.txt", "feature\n");
        specs.verifyGate(project, List.of("sh", "-c", "test -f feature.txt"), 60);
        AtomicInteger verifications = new AtomicInteger();
        checkpoints.beforeVerify((mergeId, specId) -> {
            if (verifications.incrementAndGet() == 1) {
                // Someone pushes to main while the first result is verified: its push will lose the race.
                remote.on("main", "main").commit("other.txt", "other\n", "pushed behind the queue's back").push();
            }
        });

        MergeRequest m = awaitEnd(merges.submitMerge(submit("v2").setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE).build())
                .getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        assertEquals(2, verifications.get(), "the new result was verified again");
        MergeItem item = m.getItems(0);
        assertEquals(remote.branch("main"), item.getVerify().getCommit());
        assertEquals("pushed behind the queue's back", remote.inRemote("log", "-1", "--format=%s", "main^1"));
    }

    @Test
    void aFailingGateLeavesTheTargetAndTheSpecNeedsAttentionWithTheOutput() {
        finished("f1", "feature.txt", "feature\n");
        finished("f2", "other.txt", "other\n");
        specs.verifyGate(project, List.of("sh", "-c", "echo 'running 2 tests'; echo 'FAILED test_lost_write' >&2; exit 4"),
                60);
        String mainBefore = remote.branch("main");

        MergeRequest m = awaitEnd(merges.submitMerge(submit("f1", "f2").build()).getMerge().getId());

        assertEquals(MergeStatus.MERGE_STATUS_STOPPED, m.getStatus());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED, MergeOutcome.MERGE_OUTCOME_SKIPPED), outcomes(m));
        MergeItem item = m.getItems(0);
        assertEquals(4, item.getVerify().getExitCode());
        assertEquals("running 2 tests\nFAILED test_lost_write\n", item.getVerify().getOutputTail());
        assertTrue(item.getReason().contains("exit code 4"), item.getReason());
        assertEquals("not tried: spec f1 before it failed the verify gate and the request does not continue on errors",
                m.getItems(1).getReason());
        assertEquals("", item.getMergeCommit());
        assertEquals(mainBefore, remote.branch("main"), "the target did not move");
        assertFalse(remote.branch("chant/f1").isEmpty(), "the branch is kept");
        assertEquals(1, transitions().size());
        assertEquals(SpecStatus.SPEC_STATUS_NEEDS_ATTENTION, transitions().get(0).getTo());
        assertTrue(transitions().get(0).getReason().contains("failed the project's verify command (exit code 4)"), transitions().get(0).getReason());
        assertTrue(transitions().get(0).getReason().contains("FAILED test_lost_write"), transitions().get(0).getReason());
    }

    @Test
    void withContinueOnErrorTheSpecsAfterAFailedGateAreMerged() {
        finished("c1", "bad.txt", "breaks the build\n");
        finished("c2", "good.txt", "fine\n");
        specs.verifyGate(project, List.of("sh", "-c", "if test -f bad.txt; then echo broken; exit 1; fi"), 60);

        MergeRequest m = awaitEnd(merges.submitMerge(submit("c1", "c2").setContinueOnError(true).build())
                .getMerge().getId());

        assertEquals(MergeStatus.MERGE_STATUS_DONE, m.getStatus());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED, MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        assertEquals(m.getItems(1).getTargetAfter(), remote.branch("main"));
        assertEquals(m.getItems(1).getTargetAfter(), m.getItems(1).getVerify().getCommit());
        assertEquals("", remote.inRemote("ls-tree", "--name-only", "main", "bad.txt"), "the failed work is not on main");
    }

    @Test
    void aGateThatRunsOutOfTimeFailsTheSpec() {
        finished("t1", "feature.txt", "feature\n");
        specs.verifyGate(project, List.of("sh", "-c", "echo waiting; sleep 600"), 1);
        String mainBefore = remote.branch("main");

        MergeRequest m = awaitEnd(merges.submitMerge(submit("t1").build()).getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED), outcomes(m));
        assertTrue(m.getItems(0).getVerify().getTimedOut());
        assertEquals(-1, m.getItems(0).getVerify().getExitCode());
        assertTrue(m.getItems(0).getReason().contains("ran out of time"), m.getItems(0).getReason());
        assertEquals(mainBefore, remote.branch("main"));
    }

    @Test
    void aDryRunDoesNotRunTheGate() {
        finished("d1", "feature.txt", "feature\n");
        specs.verifyGate(project, List.of("false"), 60);

        MergeRequest m = merges.submitMerge(submit("d1").setDryRun(true).build()).getMerge();

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGEABLE), outcomes(m));
        assertFalse(m.getItems(0).hasVerify());
    }

    /**
     * A process that dies while verifying has recorded no intent: the next attempt works the spec out
     * again, verifies it and merges it once; the checkout the dead process left is removed.
     */
    @Test
    void aWorkerThatDiesWhileVerifyingLeavesNothingStuck() throws Exception {
        finished("k1", "feature.txt", "feature\n");
        specs.verifyGate(project, List.of("sh", "-c", "test -f feature.txt"), 60);
        Path left = gate.checkouts().resolve("verify-left-by-a-dead-process");
        AtomicInteger reached = new AtomicInteger();
        checkpoints.beforeVerify((mergeId, specId) -> {
            if (reached.incrementAndGet() == 1) {
                try {
                    Files.createDirectories(left.resolve(".git"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertEquals(0, intents(mergeId), "no intent is recorded before the gate");
                throw new IllegalStateException("killed while verifying (test)");
            }
        });

        MergeRequest m = awaitEnd(merges.submitMerge(submit("k1").setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE).build())
                .getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), outcomes(m));
        assertEquals(2, reached.get());
        assertEquals(1, remote.inRemote("log", "--format=%s", "main").lines().filter("Merge chant/k1"::equals).count());
        assertFalse(Files.exists(left), "the dead process's checkout is removed");
        try (var checkouts = Files.list(gate.checkouts())) {
            assertEquals(List.of(), checkouts.toList());
        }
    }
}
