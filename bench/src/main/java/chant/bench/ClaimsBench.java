package chant.bench;

import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import chant.support.auth.Principal;
import chant.support.auth.RunScope;
import chant.support.auth.issuer.LocalIssuer;
import chant.support.auth.issuer.NewToken;
import chant.support.auth.token.AuthSettings;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.Project;
import chant.v1.RunOutcome;
import chant.v1.RunnerServiceGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The claims phase (issue 10): runs claimed through RunnerService.ClaimRun as {@code agent-runner}
 * on one agent-service replica, then on two sharing the database, each side next to the same claim
 * done with plain JDBC from as many threads. Every claimed run is finished at once (FinishRun with a
 * run token minted for it; the baseline: one UPDATE), so that the limits never refuse a claim.
 */
final class ClaimsBench {

    static final String RUNNER_SUBJECT = "agent-runner";

    /** The service's claim (RunQueue.claim) in one statement after its advisory lock and count. */
    static final String CLAIM_SQL = """
            UPDATE agent.run SET status = 'preparing', lease_owner = ?, lease_epoch = lease_epoch + 1,
                   lease_expires_at = now() + interval '15 seconds', started_at = now()
            WHERE id = (SELECT r.id FROM agent.run r
                        WHERE r.status = 'queued' AND r.not_before <= statement_timestamp()
                          AND r.project NOT IN (SELECT a.project FROM agent.run a
                                                WHERE a.status IN ('preparing', 'running', 'finalizing')
                                                GROUP BY a.project HAVING count(*) >= ?)
                        ORDER BY r.id LIMIT 1 FOR UPDATE OF r SKIP LOCKED)
            RETURNING id, lease_epoch""";

    static final String FINISH_SQL = """
            UPDATE agent.run SET status = 'failed', ended_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                   finished_epoch = lease_epoch, end_reason = 'bench: claim measured'
            WHERE id = ? AND lease_epoch = ? AND status = 'preparing'""";

    /** The per-project limit the baseline checks, as high as scripts/bench sets the service's. */
    static final int PER_PROJECT_LIMIT = 100_000;

    private final Options options;
    private final GrpcClient specs;
    private final Database db;
    private final Map<String, String> env;
    private final PrintStream progress;
    private final String project;
    private final BearerCredentials runnerCredentials;
    private int specsMade;

    ClaimsBench(Options options, GrpcClient specs, Database db, Map<String, String> env, String stamp,
            PrintStream progress) {
        this.options = options;
        this.specs = specs;
        this.db = db;
        this.env = env;
        this.progress = progress;
        this.project = "bench-claims-" + stamp;
        this.runnerCredentials = BearerCredentials.of(mint(Principal.service(RUNNER_SUBJECT)));
    }

    private String mint(Principal principal) {
        String keyDir = env.get(BenchToken.KEY_DIR_ENV);
        if (keyDir == null || keyDir.isBlank()) {
            throw new BenchException("the claims phase mints agent-runner and run tokens: set "
                    + BenchToken.KEY_DIR_ENV + " to the key directory of the services' local issuer");
        }
        String issuer = env.getOrDefault("CHANT_AUTH_ISSUER", AuthSettings.LOCAL_ISSUER);
        String audience = env.getOrDefault("CHANT_AUTH_AUDIENCE", AuthSettings.DEFAULT_AUDIENCE);
        try {
            return LocalIssuer.open(Path.of(keyDir.strip())).minter(issuer, audience, Clock.systemUTC())
                    .mint(new NewToken(principal, Duration.ofHours(1))).token();
        } catch (IOException | IllegalStateException e) {
            throw new BenchException("cannot mint a token with the key in " + BenchToken.KEY_DIR_ENV + ": "
                    + e.getMessage(), e);
        }
    }

    /** The table: one replica, its baseline, two replicas, their baseline. */
    String measure() throws InterruptedException {
        specs.projects().createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName(project)).build());
        progress.println("claims: project " + project);
        Report report = new Report(String.format(Locale.ROOT,
                "claims: RunnerService.ClaimRun (+ FinishRun) on one and two agent-service replicas vs. SQL (%,d runs, %d claimers)",
                options.claims(), options.claimers()),
                "per claim the service's claim in one transaction: pg_advisory_xact_lock of the limits, count of the claimed runs,"
                        + " UPDATE agent.run … WHERE id = (SELECT … status = 'queued' AND not_before <= now() AND project under"
                        + " its limit ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, lease_epoch; then the finish as"
                        + " one UPDATE to failed (one connection per thread, autocommit off).");
        List<String> servers = new ArrayList<>(List.of(options.agentServer()));
        report.add(new Report.Row("claim, 1 replica", options.claimers(), service(servers), baseline()));
        if (options.agentServer2() != null) {
            servers.add(options.agentServer2());
            report.add(new Report.Row("claim, 2 replicas", options.claimers(), service(servers), baseline()));
        }
        String notes = "\nops/s = claims/s: N runs claimed and finished by the claimers, ÷ the wall time; p50 and p99 are of"
                + " the claim alone (ClaimRun call; the baseline's claim transaction). With 2 replicas claimer i calls"
                + " replica i mod 2.\n"
                + (options.agentServer2() == null ? "No second replica (--agent-server2 / CHANT_AGENT_SERVER2 unset).\n" : "");
        return report.render() + notes;
    }

    /** N fresh specs and a demo run queued on each (unmeasured), on 4 threads. */
    private void enqueue(AgentClient agent) throws InterruptedException {
        int n = options.claims();
        int base = specsMade;
        specsMade += n;
        progress.printf(Locale.ROOT, "claims: enqueueing %,d runs%n", n);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = base + i + 1;
                done.add(pool.submit(() -> {
                    String id = specs.specs().createSpec(CreateSpecRequest.newBuilder().setProject(project)
                            .setTitle("Claim " + k).setBody("A run to claim.").build()).getSpec().getId();
                    agent.runs().enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(id)
                            .setProvider("demo").build());
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get(10, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new BenchException("claims: enqueueing failed: " + LoadRunner.describe(e.getCause()), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new BenchException("claims: enqueueing did not finish within 10 minutes");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Claims on the given replicas, claimer i on replica i mod their number. */
    private LatencyRecorder.Stats service(List<String> servers) throws InterruptedException {
        List<ManagedChannel> channels = new ArrayList<>();
        List<RunnerServiceGrpc.RunnerServiceBlockingStub> stubs = new ArrayList<>();
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            ManagedChannel ch = Channels.plaintext(new ServiceAddress(server.substring(0, colon),
                    Integer.parseInt(server.substring(colon + 1))));
            channels.add(ch);
            stubs.add(RunnerServiceGrpc.newBlockingStub(ch));
        }
        try (AgentClient agent = new AgentClient(options.agentHost(), options.agentPort(), specs.credentials())) {
            enqueue(agent);
            progress.printf(Locale.ROOT, "claims: %,d claims through %s%n", options.claims(), servers);
            String phase = "claims-grpc-" + servers.size();
            return LoadRunner.shared(phase, options.claimers(), options.claims(), worker -> {
                String runner = "bench-" + phase + "-" + worker;
                RunnerServiceGrpc.RunnerServiceBlockingStub stub = stubs.get(worker % stubs.size());
                long t0 = System.nanoTime();
                ClaimRunResponse r = stub.withCallCredentials(runnerCredentials)
                        .withDeadlineAfter(GrpcClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .claimRun(ClaimRunRequest.newBuilder().setRunnerId(runner).build());
                long latency = System.nanoTime() - t0;
                if (!r.getClaimed()) {
                    throw new IllegalStateException("ClaimRun found no run while " + options.claims()
                            + " were queued: another claimer (a local backend?) took them, or the limits refused");
                }
                long id = r.getRun().getId();
                String token = mint(Principal.run("run:" + id,
                        new RunScope(Long.toString(id), r.getRun().getProject(), r.getRun().getSpecId())));
                stub.withCallCredentials(BearerCredentials.of(token))
                        .withDeadlineAfter(GrpcClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .finishRun(FinishRunRequest.newBuilder().setRunId(id).setEpoch(r.getLease().getEpoch())
                                .setOutcome(RunOutcome.RUN_OUTCOME_FAILED).setReason("bench: claim measured").build());
                return latency;
            }).stats();
        } finally {
            for (ManagedChannel ch : channels) {
                ch.shutdown();
                if (!ch.awaitTermination(5, TimeUnit.SECONDS)) {
                    ch.shutdownNow();
                }
            }
        }
    }

    private LatencyRecorder.Stats baseline() throws InterruptedException {
        try (AgentClient agent = new AgentClient(options.agentHost(), options.agentPort(), specs.credentials())) {
            enqueue(agent);
        }
        Connection[] connections;
        try {
            connections = db.open(options.claimers());
        } catch (SQLException e) {
            throw new BenchException("claims: " + e.getMessage(), e);
        }
        progress.printf(Locale.ROOT, "claims: %,d claims through JDBC%n", options.claims());
        return LoadRunner.shared("claims-jdbc", options.claimers(), options.claims(), worker -> {
            String runner = "bench-claims-jdbc-" + worker;
            Connection c = connections[worker];
            long t0 = System.nanoTime();
            long id;
            long epoch;
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + 0x6368616e74L + ")");
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM agent.run WHERE status IN ('preparing', 'running', 'finalizing')")) {
                    rs.next();
                }
            }
            try (PreparedStatement p = c.prepareStatement(CLAIM_SQL)) {
                p.setString(1, runner);
                p.setInt(2, PER_PROJECT_LIMIT);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        throw new IllegalStateException("the baseline's claim found no queued run");
                    }
                    id = rs.getLong(1);
                    epoch = rs.getLong(2);
                }
            }
            c.commit();
            long latency = System.nanoTime() - t0;
            try (PreparedStatement p = c.prepareStatement(FINISH_SQL)) {
                p.setLong(1, id);
                p.setLong(2, epoch);
                if (p.executeUpdate() != 1) {
                    throw new IllegalStateException("the baseline could not finish run " + id);
                }
            }
            c.commit();
            return latency;
        }).stats();
    }
}
