package chant.merge.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.queue.Checkpoints;
import chant.merge.queue.Lease;
import chant.merge.queue.LeaseLostException;
import chant.merge.queue.MergeQueues;
import chant.merge.queue.QueueDispatcher;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety and several processes: a worker that dies between "intent recorded" and "pushed",
 * or between "pushed" and "recorded"; a push behind the queue's back; and two lease holders on one
 * database (never both work a queue; one whose lease was taken over records nothing).
 */
@QuarkusTest
class QueueCrashTest extends MergeApiTestBase {

    @Inject
    Checkpoints checkpoints;

    @Inject
    MergeQueues queues;

    @Inject
    QueueDispatcher dispatcher;

    @AfterEach
    void noHooks() {
        checkpoints.reset();
        dispatcher.resume();
    }

    MergeRequest awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MergeStatus s = get(id).getStatus();
            return s == MergeStatus.MERGE_STATUS_DONE || s == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return get(id);
    }

    /** How many commits of main's history have this subject. */
    int commitsOnMain(String subject) {
        return (int) remote.inRemote("log", "--format=%s", "main").lines().filter(subject::equals).count();
    }

    /** A hook that "kills" the worker the first time it is reached. */
    static Checkpoints.Hook dieOnce() {
        AtomicBoolean died = new AtomicBoolean();
        return (mergeId, specId) -> {
            if (died.compareAndSet(false, true)) {
                throw new IllegalStateException("killed at the checkpoint (test)");
            }
        };
    }

    @Test
    void aWorkerThatDiedAfterTheIntentButBeforeThePushIsWorkedOutAgainOnce() {
        finished("k1", "a.txt", "a\n");
        checkpoints.afterIntent(dieOnce());

        MergeRequest m = awaitEnd(merges.submitMerge(submit("k1").setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE)
                .build()).getMerge().getId());

        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, m.getItems(0).getOutcome());
        assertEquals(m.getItems(0).getTargetAfter(), remote.branch("main"));
        assertEquals(1, commitsOnMain("Merge chant/k1"), "merged once");
    }

    @Test
    void aPushThatReachedTheRemoteBeforeTheWorkerDiedIsRecordedAsMerged() {
        finished("k2", "a.txt", "a\n");
        checkpoints.afterPush(dieOnce());

        MergeRequest m = awaitEnd(merges.submitMerge(submit("k2").setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE)
                .build()).getMerge().getId());

        MergeItem item = m.getItems(0);
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, item.getOutcome());
        assertEquals(item.getMergeCommit(), remote.branch("main"), "the commit that was pushed is the one recorded");
        assertEquals(1, commitsOnMain("Merge chant/k2"), "not merged a second time");
        await().atMost(Duration.ofSeconds(30)).until(() -> item.getMergeCommit().equals(
                specs.spec(project, "k2").getMergeCommit()));
    }

    @Test
    void aPushBehindTheQueuesBackIsNeverOverwritten() {
        finished("k3", "a.txt", "a\n");
        String[] theirs = pushToMainAfterTheFirstIntent(checkpoints);

        MergeRequest m = awaitEnd(merges.submitMerge(submit("k3").build()).getMerge().getId());

        MergeItem item = m.getItems(0);
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, item.getOutcome());
        assertEquals(theirs[0], item.getTargetBefore(), "worked out again on the target as pushed meanwhile");
        assertEquals(item.getTargetAfter(), remote.branch("main"));
        assertEquals("", remote.inRemote("merge-base", "--is-ancestor", theirs[0], "main"),
                "the other push is still on main");
    }

    @Test
    void twoHoldersNeverWorkOneQueueAndATakenOverHolderRecordsNothing() throws Exception {
        dispatcher.pause();
        finished("t1", "a.txt", "a\n");
        long id = merges.submitMerge(submit("t1").build()).getMerge().getId();

        Lease a = queues.claim("holder-a", project).orElseThrow();
        assertEquals(Optional.empty(), queues.claim("holder-b", project), "the queue is held");
        assertTrue(queues.renew(a));

        try (Connection c = dataSource.getConnection(); PreparedStatement expire = c.prepareStatement(
                "UPDATE merge.merge_queue SET lease_expires_at = now() - interval '1 second' WHERE project = ?")) {
            expire.setString(1, project);
            assertEquals(1, expire.executeUpdate());
        }
        Lease b = queues.claim("holder-b", project).orElseThrow();
        assertEquals(a.epoch() + 1, b.epoch());

        assertThrows(LeaseLostException.class, () -> queues.start(a, id));
        assertThrows(LeaseLostException.class, () -> queues.intent(a, id, 0, "x", "y", "z"));
        assertFalse(queues.renew(a));
        assertEquals(MergeStatus.MERGE_STATUS_QUEUED, get(id).getStatus(), "the old holder changed nothing");

        queues.start(b, id);
        assertEquals(MergeStatus.MERGE_STATUS_RUNNING, get(id).getStatus());
        queues.release(b, Duration.ZERO, "");
        dispatcher.resume();
        MergeRequest m = awaitEnd(id);
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), m.getItemsList().stream().map(MergeItem::getOutcome)
                .toList());
    }
}
