package chant.system;

import chant.client.auth.BearerCredentials;
import chant.support.testing.GrpcAssertions;
import chant.support.testing.TestTokens;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.ServiceProcess;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.ListRunsRequest;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.RunnerServiceGrpc;
import chant.v1.SpecServiceGrpc;
import io.grpc.ManagedChannel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two agent-service processes on one database share one queue: 16 runners, half claiming from each
 * replica, never exceed the limits (5 active runs, 2 per project) at any claim, and claim every run
 * exactly once. The limits hold because claims serialize on a PostgreSQL advisory lock, not on
 * anything inside one JVM.
 */
class QueueReplicasTest {

    private static final int GLOBAL_LIMIT = 5;
    private static final int PROJECT_LIMIT = 2;
    private static final int CLAIMERS = 16;
    private static final int RUNS = 40;

    /** EnqueueRun asks spec-service whether a spec may run: the runs' specs are real. */
    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    /** Started in {@link #connect()}, once spec-service's port is known. */
    static final ServiceProcess REPLICA_A = replica();
    static final ServiceProcess REPLICA_B = replica();

    private static ManagedChannel specChannel;
    private static ManagedChannel channelA;
    private static ManagedChannel channelB;

    private static ServiceProcess replica() {
        // The test's runners claim the runs: the replicas' local backends stay off.
        return new ServiceProcess("agent-service", "CHANT_AGENT_PORT")
                .with("CHANT_AGENT_LOCAL_BACKEND", "false")
                .with("CHANT_AGENT_MAX_ACTIVE_RUNS", String.valueOf(GLOBAL_LIMIT))
                .with("CHANT_AGENT_MAX_ACTIVE_RUNS_PER_PROJECT", String.valueOf(PROJECT_LIMIT))
                .with("CHANT_AGENT_LEASE_SECONDS", "60");
    }

    @BeforeAll
    static void connect() throws Exception {
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM agent.spec_delivery");
            s.executeUpdate("DELETE FROM agent.run");
        }
        REPLICA_A.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address()).beforeAll(null);
        REPLICA_B.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address()).beforeAll(null);
        specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        channelA = Channels.plaintext(ServiceAddress.parse(REPLICA_A.address(), 8182));
        channelB = Channels.plaintext(ServiceAddress.parse(REPLICA_B.address(), 8182));
    }

    @AfterAll
    static void disconnect() throws Exception {
        for (ManagedChannel channel : new ManagedChannel[] {specChannel, channelA, channelB}) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        REPLICA_A.afterAll(null);
        REPLICA_B.afterAll(null);
    }

    @Test
    void runnersOfTwoReplicasNeverExceedTheLimitsAndClaimEveryRunOnce() throws Exception {
        RunServiceGrpc.RunServiceBlockingStub runs = RunServiceGrpc.newBlockingStub(channelA)
                .withInterceptors(GrpcAssertions.callingAs("replica-test"));
        ProjectServiceGrpc.ProjectServiceBlockingStub projectService = ProjectServiceGrpc.newBlockingStub(specChannel)
                .withInterceptors(GrpcAssertions.callingAs("replica-test"));
        SpecServiceGrpc.SpecServiceBlockingStub specs = SpecServiceGrpc.newBlockingStub(specChannel)
                .withInterceptors(GrpcAssertions.callingAs("replica-test"));
        String[] projects = new String[3];
        for (int p = 0; p < projects.length; p++) {
            projects[p] = "p-" + UUID.randomUUID().toString().substring(0, 12);
            projectService.createProject(CreateProjectRequest.newBuilder()
                    .setProject(Project.newBuilder().setName(projects[p])).build());
        }
        Set<Long> enqueued = new HashSet<>();
        for (int i = 0; i < RUNS; i++) {
            String project = projects[i % projects.length];
            String specId = specs.createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Spec " + i)
                    .build()).getSpec().getId();
            enqueued.add(runs.enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId).build())
                    .getRun().getId());
        }

        Map<Long, String> claimedBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        try (Connection db = database()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < CLAIMERS; t++) {
                String runnerId = "runner-" + t;
                // Claims go to one replica, heartbeats and finishes to the other.
                // A runner pool claims with its service identity, and reports each run with that run's own token.
                RunnerServiceGrpc.RunnerServiceBlockingStub claimer = RunnerServiceGrpc.newBlockingStub(
                        t % 2 == 0 ? channelA : channelB).withCallCredentials(
                        BearerCredentials.of(TestTokens.shared().service("agent-runner")));
                RunnerServiceGrpc.RunnerServiceBlockingStub reporter = RunnerServiceGrpc.newBlockingStub(
                        t % 2 == 0 ? channelB : channelA);
                futures.add(pool.submit(() -> {
                    while (finished.get() < RUNS && Instant.now().isBefore(deadline)) {
                        ClaimRunResponse claim = claimer.claimRun(ClaimRunRequest.newBuilder().setRunnerId(runnerId)
                                .build());
                        if (!claim.getClaimed()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        Run run = claim.getRun();
                        long[] counts = claimedCounts(db);
                        if (counts[0] > GLOBAL_LIMIT || counts[1] > PROJECT_LIMIT) {
                            problems.add("after claiming run " + run.getId() + ": " + counts[0] + " active, "
                                    + counts[1] + " in one project");
                        }
                        String earlier = claimedBy.putIfAbsent(run.getId(), runnerId);
                        if (earlier != null) {
                            problems.add("run " + run.getId() + " claimed by " + earlier + " and " + runnerId);
                        }
                        long epoch = claim.getLease().getEpoch();
                        RunnerServiceGrpc.RunnerServiceBlockingStub runReporter = reporter.withCallCredentials(
                                BearerCredentials.of(TestTokens.shared().run(String.valueOf(run.getId()),
                                        run.getProject(), run.getSpecId())));
                        for (int beat = 0; beat < 1 + run.getId() % 3; beat++) {
                            runReporter.heartbeat(HeartbeatRequest.newBuilder().setRunId(run.getId()).setEpoch(epoch)
                                    .build());
                        }
                        runReporter.finishRun(FinishRunRequest.newBuilder().setRunId(run.getId()).setEpoch(epoch)
                                .setOutcome(RunOutcome.RUN_OUTCOME_SUCCEEDED).build());
                        finished.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), List.copyOf(problems));
        assertEquals(enqueued, claimedBy.keySet(), "every run was claimed exactly once");
        for (String project : projects) {
            runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsList()
                    .forEach(run -> assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus()));
        }
    }

    /** The claimed runs right now: {total, the most of any one project}. */
    private static synchronized long[] claimedCounts(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("""
                SELECT coalesce(sum(n), 0), coalesce(max(n), 0) FROM (
                    SELECT count(*) AS n FROM agent.run
                    WHERE status IN ('preparing', 'running', 'finalizing') GROUP BY project) per_project""")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    private static Connection database() throws SQLException {
        return TestDatabase.connect();
    }
}
