package chant.system;

import chant.client.auth.BearerCredentials;
import chant.support.testing.GrpcAssertions;
import chant.support.testing.TestTokens;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.ServiceProcess;
import chant.v1.AppendLogRequest;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.FollowLogRequest;
import chant.v1.LogChunk;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RunOutcome;
import chant.v1.RunServiceGrpc;
import chant.v1.RunnerServiceGrpc;
import chant.v1.SpecServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's log survives a crash of agent-service: after SIGKILL and a restart, FollowLog from any
 * offset returns exactly the bytes after it, a follower that lost its stream continues from the
 * offset after the last byte it got, and the runner (whose lease outlived the crash) repeats its
 * last append safely and goes on appending. A graceful stop ends open follow streams with
 * UNAVAILABLE, so their clients reconnect.
 */
class RunLogRestartTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** EnqueueRun asks spec-service whether the spec may run: the run's spec is real. */
    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    /** Started in {@link #startService()}, once spec-service's port is known; the test claims the run itself. */
    static final ServiceProcess SERVICE = new ServiceProcess("agent-service", "CHANT_AGENT_PORT")
            .with("CHANT_AGENT_LOCAL_BACKEND", "false")
            .with("CHANT_AGENT_LEASE_SECONDS", "120");

    @BeforeAll
    static void startService() throws Exception {
        SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address()).beforeAll(null);
    }

    @AfterAll
    static void stopService() throws Exception {
        SERVICE.afterAll(null);
    }

    private ManagedChannel channel;
    private RunServiceGrpc.RunServiceBlockingStub runs;
    private RunnerServiceGrpc.RunnerServiceBlockingStub runner;
    /** The runner pool's identity to claim, then the claimed run's own token to report it. */
    private BearerCredentials runnerCredentials = BearerCredentials.of(TestTokens.shared().service("agent-runner"));

    @BeforeEach
    void connect() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM agent.spec_delivery");
            s.executeUpdate("DELETE FROM agent.run");
        }
        reconnect();
    }

    /** A new channel: a client's after a restart, without the old one's reconnect backoff. */
    private void reconnect() {
        if (channel != null) {
            channel.shutdownNow();
        }
        channel = Channels.plaintext(ServiceAddress.parse(SERVICE.address(), 8182));
        runs = RunServiceGrpc.newBlockingStub(channel).withInterceptors(GrpcAssertions.callingAs("log-test"));
        runner = RunnerServiceGrpc.newBlockingStub(channel).withCallCredentials(runnerCredentials);
    }

    @AfterEach
    void disconnect() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Test
    void aLogReadsBackExactlyAfterAKillAndARestart() throws Exception {
        String project = "p-" + UUID.randomUUID().toString().substring(0, 12);
        ManagedChannel specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        String specId;
        try {
            ProjectServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs("log-test"))
                    .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project))
                            .build());
            specId = SpecServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs("log-test"))
                    .createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Crash").build())
                    .getSpec().getId();
        } finally {
            specChannel.shutdownNow();
        }
        long runId = runs.enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId).build())
                .getRun().getId();
        ClaimRunResponse claim = runner.claimRun(ClaimRunRequest.newBuilder().setRunnerId("runner-crash").build());
        assertEquals(runId, claim.getRun().getId());
        long epoch = claim.getLease().getEpoch();
        runnerCredentials = BearerCredentials.of(TestTokens.shared().run(String.valueOf(runId), project, specId));
        runner = runner.withCallCredentials(runnerCredentials);

        Follower before = new Follower();
        RunServiceGrpc.newStub(channel).withInterceptors(GrpcAssertions.callingAs("log-test")).followLog(follow(runId, 0), before);

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        long end = 0;
        byte[] last = null;
        for (int i = 0; i < 40; i++) {
            // Varied sizes, with multi-byte characters that some appends split.
            byte[] line = ("step " + i + ": prüfe Ausgabe ✓ " + "…".repeat(i * 11) + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] part = i % 3 == 0 ? Arrays.copyOf(line, line.length - 2) : line;
            end = append(runId, epoch, end, part);
            written.writeBytes(part);
            last = part;
        }
        byte[] big = new byte[700_000];
        Arrays.fill(big, (byte) 'z');
        end = append(runId, epoch, end, big);
        written.writeBytes(big);
        long stored = end;
        await().atMost(DEADLINE).until(() -> before.size() == stored);

        SERVICE.kill();
        await().atMost(DEADLINE).until(before::failed);
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(before.failure()).getCode());
        SERVICE.start();
        reconnect();

        byte[] expected = written.toByteArray();
        for (long offset : new long[] {0, 1, 77, expected.length / 3, expected.length - big.length - 1,
                expected.length - 1, expected.length}) {
            assertArrayEquals(Arrays.copyOfRange(expected, (int) offset, expected.length), read(runId, offset),
                    "from offset " + offset + " after the restart");
        }

        // The follower continues from the offset after its last byte; the runner's lease outlived the
        // crash: a repeat of an append it got no answer for is answered with the end, then it goes on.
        Follower after = new Follower();
        RunServiceGrpc.newStub(channel).withInterceptors(GrpcAssertions.callingAs("log-test")).followLog(follow(runId, before.size()), after);
        assertEquals(end, append(runId, epoch, end - big.length, big), "a repeated append is stored once");
        byte[] tail = "after the restart\n".getBytes(StandardCharsets.UTF_8);
        end = append(runId, epoch, end, tail);
        written.writeBytes(tail);
        long total = end;
        await().atMost(DEADLINE).until(() -> after.size() == total - before.size());

        // A graceful stop ends the open stream with UNAVAILABLE; after the next start the follower resumes.
        SERVICE.stop();
        await().atMost(DEADLINE).until(after::failed);
        Status stopped = Status.fromThrowable(after.failure());
        assertEquals(Status.Code.UNAVAILABLE, stopped.getCode());
        assertTrue(String.valueOf(stopped.getDescription()).contains("agent-service is shutting down: follow the log of run "
                + runId + " again"), String.valueOf(stopped.getDescription()));
        SERVICE.start();
        reconnect();
        Follower resumed = new Follower();
        long resumedFrom = before.size() + after.size();
        RunServiceGrpc.newStub(channel).withInterceptors(GrpcAssertions.callingAs("log-test")).followLog(follow(runId, resumedFrom), resumed);
        runner.finishRun(FinishRunRequest.newBuilder().setRunId(runId).setEpoch(epoch)
                .setOutcome(RunOutcome.RUN_OUTCOME_SUCCEEDED).setReason("done").build());
        await().atMost(DEADLINE).until(resumed::completed);
        assertNull(resumed.failure());

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        received.writeBytes(before.bytes());
        received.writeBytes(after.bytes());
        received.writeBytes(resumed.bytes());
        assertArrayEquals(written.toByteArray(), received.toByteArray(), "three streams, every byte once");
        assertArrayEquals(written.toByteArray(), read(runId, 0));
        assertTrue(new String(read(runId, 0), StandardCharsets.UTF_8).endsWith("after the restart\n"));
    }

    private long append(long runId, long epoch, long offset, byte[] data) {
        return runner.appendLog(AppendLogRequest.newBuilder().setRunId(runId).setEpoch(epoch).setOffset(offset)
                .setData(ByteString.copyFrom(data)).build()).getNextOffset();
    }

    private byte[] read(long runId, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<LogChunk> chunks = runs.followLog(FollowLogRequest.newBuilder().setRunId(runId).setOffset(offset)
                .build());
        while (chunks.hasNext()) {
            LogChunk chunk = chunks.next();
            assertEquals(offset + out.size(), chunk.getOffset());
            out.writeBytes(chunk.getData().toByteArray());
        }
        return out.toByteArray();
    }

    private static FollowLogRequest follow(long runId, long offset) {
        return FollowLogRequest.newBuilder().setRunId(runId).setOffset(offset).setFollow(true).build();
    }

    private static Connection database() throws SQLException {
        return TestDatabase.connect();
    }

    /** Collects a follow stream and checks that its chunks are contiguous. */
    private static final class Follower implements StreamObserver<LogChunk> {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long first = -1;
        private volatile String problem;
        private volatile boolean completed;
        private volatile Throwable failure;

        @Override
        public synchronized void onNext(LogChunk chunk) {
            if (first < 0) {
                first = chunk.getOffset();
            } else if (chunk.getOffset() != first + bytes.size()) {
                problem = "chunk at " + chunk.getOffset() + " after " + (first + bytes.size());
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

        synchronized long size() {
            return bytes.size();
        }

        synchronized byte[] bytes() {
            assertNull(problem);
            return bytes.toByteArray();
        }

        boolean failed() {
            return failure != null;
        }

        boolean completed() {
            return completed || failure != null;
        }

        Throwable failure() {
            return failure;
        }
    }
}
