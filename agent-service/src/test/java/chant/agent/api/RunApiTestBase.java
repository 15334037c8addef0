package chant.agent.api;

import chant.support.testing.GrpcAssertions;
import chant.support.testing.TestTokens;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.GetRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.HeartbeatResponse;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunServiceGrpc;
import chant.v1.RunnerServiceGrpc;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared set-up of the run and queue tests: blocking stubs over real gRPC on the test port, and an
 * empty run table before every test (runners claim from the whole queue, so a test must not see
 * another test's runs; test classes run one after the other).
 */
@io.quarkus.test.common.QuarkusTestResource(value = chant.agent.testing.ScriptedSpecServiceResource.class,
        restrictToAnnotatedClass = false)
public abstract class RunApiTestBase {

    @GrpcClient("runs")
    protected RunServiceGrpc.RunServiceBlockingStub runs;

    /** RunnerService as the runner pool ({@code agent-runner}): for claims. A run's own calls go through {@link #runnerOf}. */
    @GrpcClient("runner")
    protected RunnerServiceGrpc.RunnerServiceBlockingStub runner;

    /** The runner pool's service token, which claims runs. */
    protected static final String RUNNER_POOL_TOKEN = TestTokens.shared().service("agent-runner");

    @Inject
    protected AgroalDataSource dataSource;

    /**
     * Empties the queue. The tables are locked first, deliveries before runs, in the order the
     * service's SpecDeliverer locks their rows (a delivery, then its run): a plain DELETE of the runs,
     * cascading to their deliveries, could meet a delivery of the previous test's last run the other
     * way round and be chosen as a deadlock's victim.
     */
    @BeforeEach
    void emptyQueue() throws SQLException {
        runner = GrpcAssertions.withToken(runner, RUNNER_POOL_TOKEN);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                s.execute("LOCK TABLE agent.spec_delivery, agent.run IN EXCLUSIVE MODE");
                s.executeUpdate("DELETE FROM agent.run");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    protected static String newProject() {
        return "p-" + UUID.randomUUID().toString().substring(0, 12);
    }

    protected Run enqueue(String project, String specId) {
        return enqueue(project, specId, r -> { });
    }

    protected Run enqueue(String project, String specId, Consumer<EnqueueRunRequest.Builder> customize) {
        EnqueueRunRequest.Builder request = EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId);
        customize.accept(request);
        return runs.enqueueRun(request.build()).getRun();
    }

    protected Run get(long id) {
        return runs.getRun(GetRunRequest.newBuilder().setRunId(id).build()).getRun();
    }

    protected ClaimRunResponse claim(String runnerId) {
        return runner.claimRun(ClaimRunRequest.newBuilder().setRunnerId(runnerId).build());
    }

    /** The token agent-service would give the runner of run {@code runId} (its project and spec read from the run). */
    protected String runToken(long runId) {
        Run run = get(runId);
        return TestTokens.shared().run(String.valueOf(runId), run.getProject(), run.getSpecId());
    }

    /** RunnerService as the runner of run {@code runId}: with that run's token. */
    protected RunnerServiceGrpc.RunnerServiceBlockingStub runnerOf(long runId) {
        return GrpcAssertions.withToken(runner, runToken(runId));
    }

    protected HeartbeatResponse heartbeat(long runId, long epoch) {
        return runnerOf(runId).heartbeat(HeartbeatRequest.newBuilder().setRunId(runId).setEpoch(epoch).build());
    }

    protected Run finish(long runId, long epoch, RunOutcome outcome, String reason) {
        return runnerOf(runId).finishRun(FinishRunRequest.newBuilder().setRunId(runId).setEpoch(epoch).setOutcome(outcome)
                .setReason(reason).build()).getRun();
    }

    /** The claimed runs in the database right now: {total, the most of any one project}. */
    protected long[] claimedCounts() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("""
                        SELECT coalesce(sum(n), 0), coalesce(max(n), 0) FROM (
                            SELECT count(*) AS n FROM agent.run
                            WHERE status IN ('preparing', 'running', 'finalizing') GROUP BY project) per_project""")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    /** Asserts that the call fails with {@code code} and returns the status description. */
    protected static String assertStatus(Status.Code code, Executable call) {
        return GrpcAssertions.assertStatus(code, call);
    }

    protected static <S extends io.grpc.stub.AbstractStub<S>> S asUser(S stub, String user) {
        return GrpcAssertions.asUser(stub, user);
    }

    /** Waits (at most 30 s) until the scripted spec-service holds the spec in {@code status}. */
    protected static void awaitSpecStatus(String project, String specId, chant.v1.SpecStatus status) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (chant.agent.testing.ScriptedSpecServiceResource.server().spec(project, specId).getStatus() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("spec " + specId + " is "
                        + chant.agent.testing.ScriptedSpecServiceResource.server().spec(project, specId).getStatus()
                        + ", not " + status + ", after 30 s");
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }
}
