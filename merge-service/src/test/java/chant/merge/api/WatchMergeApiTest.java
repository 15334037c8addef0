package chant.merge.api;

import static chant.support.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.grpc.MergeWatches;
import chant.merge.queue.QueueDispatcher;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.WatchMergeRequest;
import chant.v1.WatchMergeResponse;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WatchMerge streams a request as it changes until it has ended. */
@QuarkusTest
class WatchMergeApiTest extends MergeApiTestBase {

    @Inject
    QueueDispatcher dispatcher;

    @Inject
    MergeWatches watches;

    @AfterEach
    void dispatching() {
        dispatcher.resume();
    }

    private Iterator<WatchMergeResponse> watch(long id) {
        return merges.withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchMerge(WatchMergeRequest.newBuilder().setMergeId(id).build());
    }

    @Test
    void aWatcherSeesTheRequestAsItIsThenEachChangeUntilItEnds() {
        dispatcher.pause();
        finished("w1", "a.txt", "a\n");
        finished("w2", "b.txt", "b\n");
        long id = merges.submitMerge(submit("w1", "w2").build()).getMerge().getId();

        Iterator<WatchMergeResponse> stream = watch(id);
        MergeRequest first = stream.next().getMerge();
        assertEquals(MergeStatus.MERGE_STATUS_QUEUED, first.getStatus());
        dispatcher.resume();
        List<MergeRequest> seen = new ArrayList<>(List.of(first));
        stream.forEachRemaining(r -> seen.add(r.getMerge()));

        MergeRequest last = seen.get(seen.size() - 1);
        assertEquals(MergeStatus.MERGE_STATUS_DONE, last.getStatus(), "the stream ends with the request's end");
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED, MergeOutcome.MERGE_OUTCOME_MERGED),
                last.getItemsList().stream().map(chant.v1.MergeItem::getOutcome).toList());
        assertEquals(get(id), last);
        for (int i = 1; i < seen.size(); i++) {
            assertFalse(seen.get(i).equals(seen.get(i - 1)), "a message is sent only when something changed");
            assertTrue(seen.get(i).getStatus().getNumber() >= seen.get(i - 1).getStatus().getNumber());
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> watches.open().isEmpty());
    }

    @Test
    void watchingAnEndedRequestGivesItOnceAndCompletes() {
        finished("w3", "a.txt", "a\n");
        long id = merges.submitMerge(submit("w3").setDryRun(true).build()).getMerge().getId();
        List<WatchMergeResponse> all = new ArrayList<>();
        watch(id).forEachRemaining(all::add);
        assertEquals(1, all.size());
        assertEquals(MergeStatus.MERGE_STATUS_DONE, all.get(0).getMerge().getStatus());
    }

    @Test
    void anUnknownRequestIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> watch(987_654_321L).next());
    }
}
