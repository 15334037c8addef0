package chant.agent.api;

import chant.agent.grpc.LogStreams;
import chant.agent.log.LogFollowers;
import chant.agent.log.LogNotifications;
import chant.agent.log.LogSignal;
import chant.v1.AppendLogRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.FollowLogRequest;
import chant.v1.LogChunk;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run logs over real gRPC: AppendLog (fenced by the lease's epoch, at the log's end, idempotent,
 * capped) and FollowLog (byte-exact from any offset, live until the run ends, flow-controlled).
 * The log cap is the default of 10 MiB.
 */
@QuarkusTest
class LogApiTest extends RunApiTestBase {

    private static final Logger LOG = Logger.getLogger(LogApiTest.class);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int CAP = 10 * 1024 * 1024;
    private static final int MIB = 1024 * 1024;
    private static final Pattern ENDS_AT = Pattern.compile("^log of run \\d+ ends at (\\d+): ");

    @GrpcClient("runs")
    Channel runsChannel;

    /** A client whose HTTP/2 window is 64 KiB and never grows: it can hold little that it did not ask for. */
    @GrpcClient("slow")
    Channel slowChannel;

    private RunServiceGrpc.RunServiceStub runsAsync;
    private RunServiceGrpc.RunServiceStub slow;

    /** Heartbeats of the runs claimed with {@link #claimNewRun()}: a test may take longer than the 3 s lease. */
    private ScheduledExecutorService heartbeats;

    @BeforeEach
    void asyncStubs() {
        runsAsync = RunServiceGrpc.newStub(runsChannel);
        slow = RunServiceGrpc.newStub(slowChannel);
        heartbeats = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopHeartbeats() {
        heartbeats.shutdownNow();
    }

    @Inject
    LogStreams streams;

    @Inject
    LogSignal signal;

    @Inject
    LogNotifications notifications;

    @Test
    void appendedBytesReadBackExactlyAlsoWithACharacterSplitAcrossAppends() {
        Lease lease = claimNewRun();
        byte[] text = "Schritt 1: Größe prüfen ✓ 🎉 done\n".getBytes(StandardCharsets.UTF_8);
        int emoji = indexOf(text, "🎉".getBytes(StandardCharsets.UTF_8));
        // Three appends; the second ends in the middle of the four bytes of 🎉.
        byte[][] parts = {Arrays.copyOfRange(text, 0, 9), Arrays.copyOfRange(text, 9, emoji + 2),
                Arrays.copyOfRange(text, emoji + 2, text.length)};
        long end = 0;
        for (byte[] part : parts) {
            long next = append(lease, end, part);
            assertEquals(end + part.length, next, "next_offset is the end after the append");
            end = next;
        }
        byte[] log = readLog(lease.runId(), 0);
        assertArrayEquals(text, log);
        assertEquals("Schritt 1: Größe prüfen ✓ 🎉 done\n", new String(log, StandardCharsets.UTF_8));
        assertEquals(end, append(lease, end, new byte[0]), "an empty append at the end stores nothing");
        assertArrayEquals(text, readLog(lease.runId(), 0));
    }

    @Test
    void aReaderResumesFromAnyOffsetWithExactlyTheBytesAfterIt() {
        Lease lease = claimNewRun();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long end = 0;
        for (int i = 0; i < 20; i++) {
            byte[] line = ("line " + i + " äöü " + "x".repeat(i * 37) + "\n").getBytes(StandardCharsets.UTF_8);
            end = append(lease, end, line);
            all.writeBytes(line);
        }
        byte[] expected = all.toByteArray();
        for (int offset : new int[] {0, 1, 7, 100, 101, expected.length / 2, expected.length - 1, expected.length}) {
            assertArrayEquals(Arrays.copyOfRange(expected, offset, expected.length), readLog(lease.runId(), offset),
                    "from offset " + offset);
        }
        // An active run's log may be asked for beyond its end: nothing yet.
        assertArrayEquals(new byte[0], readLog(lease.runId(), expected.length + 10));
        finish(lease.runId(), lease.epoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");
        assertArrayEquals(new byte[0], readLog(lease.runId(), expected.length));
        String beyond = assertStatus(Status.Code.INVALID_ARGUMENT, () -> readLog(lease.runId(), expected.length + 1));
        assertTrue(beyond.contains("is beyond the end of the log of run " + lease.runId() + ", which ended (succeeded)"
                + " with " + expected.length + " bytes"), beyond);
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> readLog(lease.runId(), -1)).contains("negative"));
    }

    @Test
    void aFollowerStartedBeforeTheAppendsGetsEveryChunkInOrderAndEndsWithTheRun() {
        await().atMost(DEADLINE).until(notifications::listening);
        Lease lease = claimNewRun();
        Collector early = new Collector();
        runsAsync.followLog(follow(lease.runId(), 0), early);
        await().atMost(DEADLINE).until(() -> followersOf(lease.runId()) == 1);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long end = 0;
        for (int i = 0; i < 30; i++) {
            byte[] chunk = ("chunk " + i + ": " + "αβγ".repeat(i) + "\n").getBytes(StandardCharsets.UTF_8);
            end = append(lease, end, chunk);
            all.writeBytes(chunk);
            if (i % 10 == 9) {
                // Every ten appends, the follower catches up and waits for more.
                long target = end;
                await().atMost(DEADLINE).until(() -> early.size() == target);
            }
        }
        long total = end;
        await().atMost(DEADLINE).until(() -> early.size() == total);
        assertFalse(early.done(), "the run is active: the stream stays open");

        // One more append and the end of the run: the follower gets the last bytes, then completes.
        byte[] last = "finished\n".getBytes(StandardCharsets.UTF_8);
        append(lease, end, last);
        all.writeBytes(last);
        Collector late = new Collector();
        runsAsync.followLog(follow(lease.runId(), 5), late);
        finish(lease.runId(), lease.epoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");

        early.awaitCompleted();
        late.awaitCompleted();
        assertArrayEquals(all.toByteArray(), early.bytes());
        byte[] expected = all.toByteArray();
        assertArrayEquals(Arrays.copyOfRange(expected, 5, expected.length), late.bytes());
        await().atMost(DEADLINE).until(() -> followersOf(lease.runId()) == 0 && signal.waiting() == 0);

        // Following an ended run sends its log and completes at once.
        Collector after = new Collector();
        runsAsync.followLog(follow(lease.runId(), 0), after);
        after.awaitCompleted();
        assertArrayEquals(expected, after.bytes());
    }

    @Test
    void aFollowerCompletesWhenTheSweeperEndsTheRun() {
        Run queued = enqueue(newProject(), "s-timeout", r -> r.setTimeoutSeconds(1));
        ClaimRunResponse claim = claim("runner-a");
        Lease lease = new Lease(queued.getId(), claim.getLease().getEpoch());
        long end = append(lease, 0, "working\n".getBytes(StandardCharsets.UTF_8));
        Collector follower = new Collector();
        runsAsync.followLog(follow(lease.runId(), 0), follower);

        follower.awaitCompleted();
        assertEquals(RunStatus.RUN_STATUS_TIMED_OUT, get(lease.runId()).getStatus());
        assertEquals(end, follower.size());
    }

    @Test
    void aFollowerMissesNothingWhileTheListeningConnectionIsReplaced() throws Exception {
        await().atMost(DEADLINE).until(notifications::listening);
        Lease lease = claimNewRun();
        long end = append(lease, 0, "before\n".getBytes(StandardCharsets.UTF_8));
        Collector follower = new Collector();
        runsAsync.followLog(follow(lease.runId(), 0), follower);
        await().atMost(DEADLINE).until(() -> follower.size() == 6 + 1 && signal.waiting() == 1);

        // The database drops the listening connection; the append's notification may be sent while
        // nobody listens. The new connection wakes every follower, which reads again.
        int before = notifications.connections();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + LogNotifications.APPLICATION_NAME + "'");
        }
        long next = append(lease, end, "after\n".getBytes(StandardCharsets.UTF_8));
        await().atMost(DEADLINE).until(() -> follower.size() == next);
        await().atMost(DEADLINE).until(() -> notifications.connections() > before && notifications.listening());
        finish(lease.runId(), lease.epoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");
        follower.awaitCompleted();
        assertEquals("before\nafter\n", new String(follower.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aStaleEpochIsAbortedAndStoresNothing() {
        Lease lease = claimNewRun();
        long end = append(lease, 0, "mine\n".getBytes(StandardCharsets.UTF_8));
        for (long stale : new long[] {lease.epoch() - 1, lease.epoch() + 1}) {
            String refusal = assertStatus(Status.Code.ABORTED,
                    () -> append(new Lease(lease.runId(), stale), end, "stale\n".getBytes(StandardCharsets.UTF_8)));
            assertTrue(refusal.contains("is no longer valid: the current epoch is " + lease.epoch()), refusal);
        }
        assertArrayEquals("mine\n".getBytes(StandardCharsets.UTF_8), readLog(lease.runId(), 0));

        finish(lease.runId(), lease.epoch(), RunOutcome.RUN_OUTCOME_FAILED, "broken");
        String ended = assertStatus(Status.Code.ABORTED,
                () -> append(lease, end, "late\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ended.contains("has ended (failed: broken): its log is closed"), ended);
        assertArrayEquals("mine\n".getBytes(StandardCharsets.UTF_8), readLog(lease.runId(), 0));

        Run unclaimed = enqueue(newProject(), "s-unclaimed");
        assertStatus(Status.Code.ABORTED, () -> append(new Lease(unclaimed.getId(), 0), 0, new byte[] {'x'}));
        assertStatus(Status.Code.NOT_FOUND, () -> append(new Lease(987_654_321L, 1), 0, new byte[] {'x'}));
    }

    @Test
    void aRunnerWhoseLeaseWasTakenOverCanNeitherAppendNorFinish() {
        Run queued = enqueue(newProject(), "s-takeover");
        Lease first = new Lease(queued.getId(), claim("runner-a").getLease().getEpoch());
        byte[] start = "session start\n".getBytes(StandardCharsets.UTF_8);
        long end = append(first, 0, start);

        // runner-a stops heartbeating: the sweeper queues the run again, runner-b claims it.
        AtomicReference<ClaimRunResponse> second = new AtomicReference<>();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            second.set(claim("runner-b"));
            return second.get().getClaimed();
        });
        Lease takeover = new Lease(queued.getId(), second.get().getLease().getEpoch());
        assertEquals(first.epoch() + 1, takeover.epoch());

        assertStatus(Status.Code.ABORTED, () -> append(first, end, "zombie\n".getBytes(StandardCharsets.UTF_8)));
        assertStatus(Status.Code.ABORTED, () -> finish(first.runId(), first.epoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED,
                "zombie"));
        // The new runner starts at 0 with the same first line: no repeat of its own, so it learns the end.
        String refusal = assertStatus(Status.Code.FAILED_PRECONDITION, () -> append(takeover, 0, start));
        assertTrue(refusal.startsWith("log of run " + queued.getId() + " ends at " + end + ": "), refusal);
        long next = append(takeover, end, start);
        assertStatus(Status.Code.ABORTED, () -> append(first, next, "zombie\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("session start\nsession start\n", new String(readLog(queued.getId(), 0), StandardCharsets.UTF_8));
    }

    @Test
    void anAppendThatIsNotAtTheEndIsRefusedNamingTheEnd() {
        Lease lease = claimNewRun();
        long end = append(lease, 0, "0123456789".getBytes(StandardCharsets.UTF_8));
        String gap = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> append(lease, end + 5, "gap".getBytes(StandardCharsets.UTF_8)));
        assertTrue(gap.startsWith("log of run " + lease.runId() + " ends at 10: append at offset 10"), gap);
        assertTrue(gap.contains("would leave a gap of 5 bytes"), gap);
        String overlap = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> append(lease, 7, "overlap".getBytes(StandardCharsets.UTF_8)));
        assertTrue(overlap.startsWith("log of run " + lease.runId() + " ends at 10: append at offset 10"), overlap);
        assertTrue(overlap.contains("would overlap"), overlap);
        assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), readLog(lease.runId(), 0));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> append(lease, -1, new byte[] {'x'}))
                .contains("negative"));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> append(lease, end, new byte[MIB + 1]))
                .contains("at most 1048576 bytes"));
        assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), readLog(lease.runId(), 0));
    }

    @Test
    void aRetriedAppendIsAnsweredWithTheEndAndStoredOnce() {
        Lease lease = claimNewRun();
        byte[] first = "first\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second\n".getBytes(StandardCharsets.UTF_8);
        long afterFirst = append(lease, 0, first);
        assertEquals(afterFirst, append(lease, 0, first), "a repeat returns the end");
        long afterSecond = append(lease, afterFirst, second);
        assertEquals(afterSecond, append(lease, afterFirst, second));
        assertEquals(afterSecond, append(lease, 0, first), "an older repeat returns the current end");
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> append(lease, 0, "FIRST\n".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("first\nsecond\n".getBytes(StandardCharsets.UTF_8), readLog(lease.runId(), 0));
    }

    @Test
    void aLogIsCutAtItsCapWithOneMarkerAndLaterAppendsAreDropped() {
        Lease lease = claimNewRun();
        byte[] mebibyte = new byte[MIB];
        Arrays.fill(mebibyte, (byte) 'x');
        long end = 0;
        for (int i = 0; i < 9; i++) {
            end = append(lease, end, mebibyte);
        }
        end = append(lease, end, Arrays.copyOf(mebibyte, MIB - 3));
        assertEquals(CAP - 3, end);
        // The cap falls inside € (three bytes): the append keeps "ab" and the marker follows at CAP - 1.
        byte[] crossing = "ab€cd".getBytes(StandardCharsets.UTF_8);
        long truncatedEnd = append(lease, end, crossing);
        byte[] marker = ("\n[chant: log truncated at " + (CAP - 1) + " bytes; the rest of the agent's output was"
                + " dropped]\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(CAP - 1 + marker.length, truncatedEnd);

        assertEquals(truncatedEnd, append(lease, truncatedEnd, "more\n".getBytes(StandardCharsets.UTF_8)),
                "after the cap appends are answered with the end");
        assertEquals(truncatedEnd, append(lease, truncatedEnd, mebibyte));
        assertEquals(truncatedEnd, append(lease, end, crossing), "the append that crossed the cap may be repeated");
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> append(lease, truncatedEnd + 1, new byte[] {'x'}));

        byte[] tail = readLog(lease.runId(), CAP - 10);
        byte[] expectedTail = new byte[7 + 2 + marker.length];
        Arrays.fill(expectedTail, 0, 7, (byte) 'x');
        expectedTail[7] = 'a';
        expectedTail[8] = 'b';
        System.arraycopy(marker, 0, expectedTail, 9, marker.length);
        assertArrayEquals(expectedTail, tail);
        assertEquals(truncatedEnd, readLog(lease.runId(), 0).length);
        String text = new String(readLog(lease.runId(), CAP - 100), StandardCharsets.UTF_8);
        assertFalse(text.contains("\uFFFD"), "the cut splits no character");
        assertEquals(1, text.split("log truncated", -1).length - 1, "one marker");
    }

    @Test
    void concurrentAppendersNeverLoseOrDuplicateBytes() throws Exception {
        Lease lease = claimNewRun();
        int threads = 8;
        int perThread = 25;
        Collector follower = new Collector();
        runsAsync.followLog(follow(lease.runId(), 0), follower);
        CyclicBarrier start = new CyclicBarrier(threads);
        record Accepted(long offset, byte[] data) {
        }
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int refusals;
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    int refused = 0;
                    long offset = 0;
                    for (int i = 0; i < perThread; i++) {
                        byte[] data = ("[t" + thread + " #" + i + " ü" + "-".repeat((thread * 7 + i) % 13) + "]")
                                .getBytes(StandardCharsets.UTF_8);
                        while (true) {
                            try {
                                long next = append(lease, offset, data);
                                accepted.add(new Accepted(offset, data));
                                offset = next;
                                break;
                            } catch (StatusRuntimeException e) {
                                assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(),
                                        e.getStatus().getDescription());
                                Matcher m = ENDS_AT.matcher(e.getStatus().getDescription());
                                assertTrue(m.find(), e.getStatus().getDescription());
                                offset = Long.parseLong(m.group(1));
                                refused++;
                            }
                        }
                    }
                    return refused;
                }));
            }
            int sum = 0;
            for (Future<Integer> f : futures) {
                sum += f.get(120, TimeUnit.SECONDS);
            }
            refusals = sum;
        } finally {
            pool.shutdownNow();
        }

        assertEquals(threads * perThread, accepted.size());
        List<Accepted> inOrder = new ArrayList<>(accepted);
        inOrder.sort(Comparator.comparingLong(Accepted::offset));
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        for (Accepted a : inOrder) {
            assertEquals(concatenated.size(), a.offset(), "accepted appends are contiguous");
            concatenated.writeBytes(a.data());
        }
        byte[] log = readLog(lease.runId(), 0);
        assertArrayEquals(concatenated.toByteArray(), log);
        assertTrue(refusals > 0, "the appenders raced");

        finish(lease.runId(), lease.epoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");
        follower.awaitCompleted();
        assertArrayEquals(log, follower.bytes(), "the follower saw the same log");
    }

    @Test
    void followingAnUnknownRunIsNotFound() {
        String missing = assertStatus(Status.Code.NOT_FOUND, () -> readLog(987_654_321L, 0));
        assertEquals("run 987654321 does not exist", missing);
        Collector follower = new Collector();
        runsAsync.followLog(follow(987_654_321L, 0), follower);
        follower.awaitFailed();
        assertEquals(Status.Code.NOT_FOUND, Status.fromThrowable(follower.failure()).getCode());
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> runs.followLog(FollowLogRequest.newBuilder()
                .setRunId(1).setOffset(-5).setFollow(true).build()).hasNext()).contains("offset -5 is negative"));
    }

    @Test
    void withoutFollowTheStreamCompletesAfterTheBytesStoredNow() {
        Lease lease = claimNewRun();
        long end = append(lease, 0, "so far\n".getBytes(StandardCharsets.UTF_8));
        Iterator<LogChunk> chunks = runs.followLog(FollowLogRequest.newBuilder().setRunId(lease.runId()).build());
        LogChunk only = chunks.next();
        assertEquals(0, only.getOffset());
        assertEquals("so far\n", only.getData().toStringUtf8());
        assertFalse(chunks.hasNext(), "the run is active, but the stream ends");
        assertEquals(end, readLog(lease.runId(), 0).length);
        assertArrayEquals(new byte[0], readLog(newRunWithoutLog(), 0), "an empty log is an empty stream");
    }

    @Test
    void aSlowClientIsSentOnlyWhatItsWindowHolds() {
        Lease lease = claimNewRun();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long end = 0;
        for (int i = 0; i < 4; i++) {
            byte[] mebibyte = new byte[MIB];
            Arrays.fill(mebibyte, (byte) ('a' + i));
            end = append(lease, end, mebibyte);
            all.writeBytes(mebibyte);
        }
        finish(lease.runId(), lease.epoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");

        // The client asks for one message and then reads nothing.
        Collector reader = new Collector(1);
        slow.followLog(follow(lease.runId(), 0), reader);
        await().atMost(DEADLINE).until(() -> reader.size() > 0 && paused(lease.runId()));
        // Every message but a log's last piece holds PIECE_BYTES: an upper bound of the bytes sent.
        long sent = streamOf(lease.runId()).pump().sent() * LogFollowers.PIECE_BYTES;
        LOG.infof("a client that asked for one message was sent at most %d of %d bytes", sent, end);
        assertTrue(sent <= MIB, "the service stopped after " + sent + " of " + end
                + " bytes, as the client's window is full, instead of buffering the log");
        assertFalse(reader.done());

        // It reads the rest: every byte arrives, and the stream completes.
        reader.request(Integer.MAX_VALUE);
        reader.awaitCompleted();
        assertArrayEquals(all.toByteArray(), reader.bytes());
        await().atMost(DEADLINE).until(() -> followersOf(lease.runId()) == 0);
    }

    @Test
    void aFollowerThatGoesAwayLeavesNothingBehind() {
        Lease lease = claimNewRun();
        append(lease, 0, "hello\n".getBytes(StandardCharsets.UTF_8));
        Collector follower = new Collector();
        runsAsync.followLog(follow(lease.runId(), 0), follower);
        await().atMost(DEADLINE).until(() -> follower.size() == 6 && signal.waiting() == 1);

        follower.cancel();
        await().atMost(DEADLINE).until(() -> followersOf(lease.runId()) == 0 && signal.waiting() == 0);
    }

    // --- helpers

    record Lease(long runId, long epoch) {
    }

    /** Enqueues and claims a run, and keeps its lease with a heartbeat every 500 ms until the test ends. */
    private Lease claimNewRun() {
        Run run = enqueue(newProject(), "s-log");
        ClaimRunResponse claim = claim("runner-log");
        assertTrue(claim.getClaimed());
        assertEquals(run.getId(), claim.getRun().getId());
        Lease lease = new Lease(run.getId(), claim.getLease().getEpoch());
        heartbeats.scheduleWithFixedDelay(() -> {
            try {
                heartbeat(lease.runId(), lease.epoch());
            } catch (StatusRuntimeException ended) {
                // the test finished the run
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return lease;
    }

    private long newRunWithoutLog() {
        return enqueue(newProject(), "s-empty").getId();
    }

    private long append(Lease lease, long offset, byte[] data) {
        return runnerOf(lease.runId()).appendLog(AppendLogRequest.newBuilder().setRunId(lease.runId()).setEpoch(lease.epoch())
                .setOffset(offset).setData(ByteString.copyFrom(data)).build()).getNextOffset();
    }

    private static FollowLogRequest follow(long runId, long offset) {
        return FollowLogRequest.newBuilder().setRunId(runId).setOffset(offset).setFollow(true).build();
    }

    /** The log from {@code offset} as stored now (FollowLog without follow), checking that chunks are contiguous. */
    private byte[] readLog(long runId, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<LogChunk> chunks = runs.followLog(FollowLogRequest.newBuilder().setRunId(runId).setOffset(offset)
                .build());
        while (chunks.hasNext()) {
            LogChunk chunk = chunks.next();
            assertEquals(offset + out.size(), chunk.getOffset(), "chunks are contiguous");
            assertFalse(chunk.getData().isEmpty(), "no empty chunks");
            out.writeBytes(chunk.getData().toByteArray());
        }
        return out.toByteArray();
    }

    private int followersOf(long runId) {
        return (int) streams.open().stream().filter(f -> f.runId() == runId).count();
    }

    private LogStreams.LogStream streamOf(long runId) {
        return streams.open().stream().filter(f -> f.runId() == runId).findFirst().orElseThrow();
    }

    private boolean paused(long runId) {
        return streams.open().stream().anyMatch(f -> f.runId() == runId && f.pump().waitingForClient());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /**
     * Collects a FollowLog stream, checking that chunks are contiguous; with an initial demand, asks
     * for messages only as {@link #request(int)} says (manual flow control).
     */
    static final class Collector implements ClientResponseObserver<FollowLogRequest, LogChunk> {

        private final int initialDemand;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile ClientCallStreamObserver<FollowLogRequest> call;
        private volatile boolean completed;
        private volatile Throwable failure;
        private volatile String problem;
        private long firstOffset = -1;

        Collector() {
            this(-1);
        }

        Collector(int initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<FollowLogRequest> requestStream) {
            call = requestStream;
            if (initialDemand >= 0) {
                requestStream.disableAutoRequestWithInitial(initialDemand);
            }
        }

        @Override
        public synchronized void onNext(LogChunk chunk) {
            if (firstOffset < 0) {
                firstOffset = chunk.getOffset();
            } else if (chunk.getOffset() != firstOffset + bytes.size()) {
                problem = "chunk at " + chunk.getOffset() + " after " + (firstOffset + bytes.size()) + " bytes";
            }
            bytes.writeBytes(chunk.getData().toByteArray());
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        void request(int n) {
            call.request(n);
        }

        void cancel() {
            call.cancel("the test is done with it", null);
        }

        synchronized long size() {
            return bytes.size();
        }

        synchronized byte[] bytes() {
            assertNull(problem);
            return bytes.toByteArray();
        }

        boolean done() {
            return completed || failure != null;
        }

        Throwable failure() {
            return failure;
        }

        void awaitCompleted() {
            await().atMost(DEADLINE).until(this::done);
            assertNull(failure, () -> "the stream failed: " + failure);
            assertNull(problem);
        }

        void awaitFailed() {
            await().atMost(DEADLINE).until(this::done);
            assertFalse(completed, "the stream should have failed");
        }
    }
}
