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

    @io.quarkus.test.common.http.TestHTTPResource
    java.net.URL url;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** How many times the stored request changed (its revision). */
    private long revision(long id) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement q = c.prepareStatement(
                "SELECT revision FROM merge.merge_request WHERE id = ?")) {
            q.setLong(1, id);
            try (java.sql.ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void aSlowWatcherGetsTheLatestStateWhenItCanTakeOneNeverABacklogOfEveryChange() throws Exception {
        dispatcher.pause();
        // Long IDs (and so long branch names) make each message about 16 KB: the server's transport
        // buffers only about two of them (gRPC's 32 KB ready threshold) while the client's small
        // flow-control window below is full, so it can send only when the client has taken one.
        String padding = "x".repeat(110);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String spec = "slow" + i + "-" + padding;
            finished(spec, "f" + i + ".txt", i + "\n");
            ids.add(spec);
        }
        long id = merges.submitMerge(submit(ids.toArray(String[]::new)).build()).getMerge().getId();
        java.util.Set<chant.support.grpc.StreamPump<?>> others = java.util.Set.copyOf(watches.open());

        io.grpc.ManagedChannel narrow = io.grpc.netty.NettyChannelBuilder.forAddress(url.getHost(), url.getPort())
                .usePlaintext().flowControlWindow(4096).build();
        chant.support.testing.SlowStream<WatchMergeRequest, WatchMergeResponse> slow = chant.support.testing.SlowStream.start(
                chant.support.testing.GrpcAssertions.asUser(chant.v1.MergeServiceGrpc.newStub(narrow), "alice")::watchMerge,
                WatchMergeRequest.newBuilder().setMergeId(id).build());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> slow.received().size() == 1 && ours(others) != null);
        assertEquals(MergeStatus.MERGE_STATUS_QUEUED, slow.received().get(0).getMerge().getStatus());
        chant.support.grpc.StreamPump<?> pump = ours(others);
        dispatcher.resume();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                .until(() -> get(id).getStatus() == MergeStatus.MERGE_STATUS_DONE);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !pump.busy());
        long changes = revision(id);
        long sentWhileHeld = pump.sent();
        assertTrue(sentWhileHeld < changes, "a watcher that took one message made the service send "
                + sentWhileHeld + " for " + changes + " changes (it sends only what the transport takes)");

        slow.request(Integer.MAX_VALUE);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(slow::completed);
        List<WatchMergeResponse> all = slow.received();
        MergeRequest last = all.get(all.size() - 1).getMerge();
        assertEquals(get(id), last, "the watcher ends with the request as it ended");
        assertTrue(all.size() < changes, all.size() + " messages for " + changes
                + " changes: the states it could not take in time were skipped, not queued");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(pump::stopped);
        narrow.shutdownNow();
    }

    /** The one open watch stream that is not among {@code others}, or null. */
    private chant.support.grpc.StreamPump<?> ours(java.util.Set<chant.support.grpc.StreamPump<?>> others) {
        List<chant.support.grpc.StreamPump<?>> mine = watches.open().stream().filter(p -> !others.contains(p)).toList();
        return mine.size() == 1 ? mine.get(0) : null;
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
