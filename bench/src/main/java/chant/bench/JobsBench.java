package chant.bench;

import chant.client.auth.BearerCredentials;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.GetRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.Project;
import chant.v1.RunOutcome;
import chant.v1.RunStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jobs phase (issue 10): how long agent-service's Kubernetes backend takes from a run being
 * queued to its Job existing in the API, and from the runner's first report to the run running, as
 * seen through fabric8's mock API server ({@link KubeMock}), where nothing else costs time: the bench
 * plays the kubelet (it makes the Job's pod at once, untimed) and the runner (it reads the run's token
 * from the Job's Secret and makes the runner's first calls, GetRun and a Heartbeat saying running).
 *
 * <p>The baseline, in the same run against the same mock server and database, does the least the same
 * work needs: it queues and claims a run row in a table shaped like {@code agent.run} with the
 * service's claim statement, makes a token Secret and a Job (the service's own Job, renamed) with a
 * plain fabric8 client and gives the Secret its owner, sees the Job through the same watch, then
 * marks the row running with one UPDATE. The difference is the service's own overhead: its claim
 * pass, the run token from spec-service, its checks of the runner's token and lease.
 */
final class JobsBench implements AutoCloseable {

    /** The namespace agent-service makes its Jobs in: scripts/bench sets CHANT_AGENT_K8S_NAMESPACE to it. */
    static final String NAMESPACE = "chant-bench";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String SERVICE_MANAGER = "chant-agent-service";
    static final String BASELINE_MANAGER = "chant-bench-baseline";
    static final String RUN = "chant.dev/run";
    static final String EPOCH = "chant.dev/epoch";
    static final String TOKEN_VARIABLE = "CHANT_RUN_TOKEN";
    private static final long ARRIVAL_SECONDS = 60;

    /** The baseline's run table: agent.run's columns, defaults and indexes, one per connection (temporary). */
    static final String BASELINE_TABLE = "bench_jobs_run";

    private final Options options;
    private final GrpcClient specs;
    private final AgentClient agent;
    private final Database db;
    private final PrintStream progress;
    private final String project;
    private final KubernetesClient kube;
    private final ConcurrentMap<String, CompletableFuture<Arrival>> arrivals = new ConcurrentHashMap<>();
    private final AtomicReference<Job> template = new AtomicReference<>();
    private final AtomicLong baselineRuns = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private Watch watch;

    /** A Job as the bench's watch first saw it, and when. */
    record Arrival(Job job, long nanos) {
    }

    /** One run of the service or the baseline, in nanoseconds. */
    record Times(long queuedToJob, long reportToRunning) {
        long total() {
            return queuedToJob + reportToRunning;
        }
    }

    JobsBench(Options options, GrpcClient specs, Database db, String stamp, PrintStream progress) {
        this.options = options;
        this.specs = specs;
        this.db = db;
        this.progress = progress;
        this.project = "bench-jobs-" + stamp;
        this.agent = new AgentClient(options.agentHost(), options.agentPort(), specs.credentials());
        this.kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(options.kubeServer())
                .withTrustCerts(true).withNamespace(NAMESPACE).withRequestTimeout(30_000).build()).build();
    }

    String measure() throws InterruptedException {
        watch = kube.batch().v1().jobs().inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    arrival(key(job)).complete(new Arrival(job, System.nanoTime()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                arrivals.values().forEach(f -> f.completeExceptionally(new BenchException(
                        "the watch on the mock API server closed: " + cause.getMessage(), cause)));
            }
        });
        specs.projects().createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project))
                .build());
        progress.println("jobs: project " + project + ", namespace " + NAMESPACE + " of " + options.kubeServer());
        Connection[] connections;
        try {
            connections = db.open(options.jobConcurrency());
            for (Connection c : connections) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMPORARY TABLE " + BASELINE_TABLE
                            + " (LIKE agent.run INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING CONSTRAINTS)");
                }
                c.commit();
            }
        } catch (SQLException e) {
            throw new BenchException("jobs: the baseline's table: " + e.getMessage(), e);
        }
        int warmUp = Math.max(5, options.jobs() / 10);
        progress.printf(Locale.ROOT, "jobs: warming up (%d runs each side)%n", warmUp);
        sequence(warmUp, this::serviceRun);
        sequence(warmUp, () -> baselineRun(connections[0]));

        progress.printf(Locale.ROOT, "jobs: %d runs one at a time through agent-service%n", options.jobs());
        List<Times> service = sequence(options.jobs(), this::serviceRun);
        progress.printf(Locale.ROOT, "jobs: %d runs one at a time, baseline%n", options.jobs());
        List<Times> baseline = sequence(options.jobs(), () -> baselineRun(connections[0]));

        int c = options.jobConcurrency();
        progress.printf(Locale.ROOT, "jobs: %d runs, %d at once, through agent-service%n", options.jobs(), c);
        LatencyRecorder.Stats serviceBurst = LoadRunner.shared("jobs-service", c, options.jobs(),
                worker -> serviceRun().total()).stats();
        progress.printf(Locale.ROOT, "jobs: %d runs, %d at once, baseline%n", options.jobs(), c);
        LatencyRecorder.Stats baselineBurst = LoadRunner.shared("jobs-baseline", c, options.jobs(),
                worker -> baselineRun(connections[worker]).total()).stats();

        RunTable figures = new RunTable(String.format(Locale.ROOT,
                "jobs: a run queued to its Job, and the runner's first report to running, through the mock API server"
                        + " (%d runs one at a time, each side)", options.jobs()), List.of(
                "The platform: EnqueueRun, then agent-service's Kubernetes backend claims the run, asks spec-service for its"
                        + " token, makes the token Secret and the Job and gives the Secret its owner; the bench's watch"
                        + " sees the Job. Then (the pod made, untimed) the runner's GetRun and Heartbeat(running) with"
                        + " the run's token from the Secret.",
                "The baseline: INSERT of a queued row and the service's claim statement (advisory lock, count,"
                        + " UPDATE … FOR UPDATE SKIP LOCKED) into " + BASELINE_TABLE + " (agent.run's shape), a"
                        + " Secret, the same Job and the owner patch with a plain fabric8 client, seen by the same"
                        + " watch; then one UPDATE to running."));
        RunsBench.Sample.add(figures, "queued → Job in the API", service, Times::queuedToJob, baseline,
                Times::queuedToJob);
        RunsBench.Sample.add(figures, "runner's report → running", service, Times::reportToRunning, baseline,
                Times::reportToRunning);
        RunsBench.Sample.add(figures, "total (the service's own overhead)", service, Times::total, baseline,
                Times::total);

        Report burst = new Report(String.format(Locale.ROOT,
                "jobs: runs brought to running through the mock API server, %d at once (%d runs each side)", c,
                options.jobs()),
                "ops/s = runs from queued to running per second; p50 and p99 of the queued → Job and report → running"
                        + " time of each run (the pod's creation is not counted).");
        burst.add(new Report.Row("queued → running", c, serviceBurst, baselineBurst));
        return figures.render() + "\n" + burst.render();
    }

    /** {@code n} runs one after the other. */
    private static List<Times> sequence(int n, Step step) throws InterruptedException {
        List<Times> times = Collections.synchronizedList(new ArrayList<>());
        LoadRunner.shared("jobs-sequence", 1, n, worker -> {
            Times t = step.run();
            times.add(t);
            return t.total();
        });
        return List.copyOf(times);
    }

    interface Step {
        Times run() throws Exception;
    }

    /** One run through agent-service, as described above. */
    private Times serviceRun() throws Exception {
        String specId = specs.specs().createSpec(CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("A run made a Job").setBody("A run for the jobs phase.").build()).getSpec().getId();
        long t0 = System.nanoTime();
        long runId = agent.runs().enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId)
                .setProvider("demo").build()).getRun().getId();
        Arrival arrival = await("run:" + runId);
        Job job = arrival.job();
        template.compareAndSet(null, job);
        long epoch = Long.parseLong(job.getMetadata().getLabels().get(EPOCH));
        Pod pod = kubelet(job);
        BearerCredentials token = BearerCredentials.of(tokenOf(job));
        long t2 = System.nanoTime();
        agent.runs(token).getRun(GetRunRequest.newBuilder().setRunId(runId).build());
        agent.runner(token).heartbeat(HeartbeatRequest.newBuilder().setRunId(runId).setEpoch(epoch)
                .setStatus(RunStatus.RUN_STATUS_RUNNING).build());
        long t3 = System.nanoTime();
        agent.runner(token).finishRun(FinishRunRequest.newBuilder().setRunId(runId).setEpoch(epoch)
                .setOutcome(RunOutcome.RUN_OUTCOME_FAILED).setReason("bench: its Job and report measured").build());
        kube.pods().inNamespace(NAMESPACE).resource(pod).delete();
        return new Times(arrival.nanos() - t0, t3 - t2);
    }

    /** One run of the baseline on connection {@code c}, as described above. */
    private Times baselineRun(Connection c) throws Exception {
        Job model = template.get();
        if (model == null) {
            throw new IllegalStateException("the baseline copies a Job of the service, and none was seen yet");
        }
        String name = "bench-baseline-" + baselineRuns.incrementAndGet();
        long t0 = System.nanoTime();
        long id;
        long epoch;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + BASELINE_TABLE
                + " (project, spec_id, provider, backend, status, created_by, timeout_seconds)"
                + " VALUES (?, ?, 'demo', 'kubernetes', 'queued', 'bench', 3600)")) {
            p.setString(1, project + "-baseline");
            p.setString(2, name);
            p.executeUpdate();
        }
        c.commit();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + 0x6368616e74L + ")");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + BASELINE_TABLE
                    + " WHERE status IN ('preparing', 'running', 'finalizing')")) {
                rs.next();
            }
        }
        try (PreparedStatement p = c.prepareStatement(ClaimsBench.CLAIM_SQL.replace("agent.run", BASELINE_TABLE))) {
            p.setString(1, "bench-baseline");
            p.setInt(2, ClaimsBench.PER_PROJECT_LIMIT);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the baseline's claim found no queued row");
                }
                id = rs.getLong(1);
                epoch = rs.getLong(2);
            }
        }
        c.commit();
        Secret secret = kube.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name + "-token").addToLabels(MANAGED_BY, BASELINE_MANAGER)
                        .build())
                .withType("Opaque").withImmutable(true).addToStringData("token", token())
                .build()).create();
        Job job = kube.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder(model)
                .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(Map.of(MANAGED_BY, BASELINE_MANAGER,
                        RUN, Long.toString(id), EPOCH, Long.toString(epoch))).build())
                .editSpec().editTemplate().withMetadata(new ObjectMetaBuilder().withLabels(Map.of(MANAGED_BY,
                        BASELINE_MANAGER)).build()).endTemplate().endSpec()
                .withStatus(null).build()).create();
        kube.secrets().inNamespace(NAMESPACE).withName(secret.getMetadata().getName()).edit(s -> new SecretBuilder(s)
                .editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(name).withUid(job.getMetadata().getUid()).withController(true).build())
                .endMetadata().build());
        Arrival arrival = await("baseline:" + name);
        Pod pod = kubelet(arrival.job());
        long t2 = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement("UPDATE " + BASELINE_TABLE
                + " SET status = 'running', lease_expires_at = now() + interval '15 seconds'"
                + " WHERE id = ? AND lease_epoch = ? AND status IN ('preparing', 'running')")) {
            p.setLong(1, id);
            p.setLong(2, epoch);
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("the baseline could not mark its run " + id + " running");
            }
        }
        c.commit();
        long t3 = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement(ClaimsBench.FINISH_SQL.replace("agent.run", BASELINE_TABLE)
                .replace("status = 'preparing'", "status = 'running'"))) {
            p.setLong(1, id);
            p.setLong(2, epoch);
            p.executeUpdate();
        }
        c.commit();
        kube.pods().inNamespace(NAMESPACE).resource(pod).delete();
        kube.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).delete();
        kube.secrets().inNamespace(NAMESPACE).withName(name + "-token").delete();
        return new Times(arrival.nanos() - t0, t3 - t2);
    }

    /** What the watch keys a Job by: its run for the service's, its name for the baseline's. */
    private static String key(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
        if (SERVICE_MANAGER.equals(labels.get(MANAGED_BY))) {
            return "run:" + labels.get(RUN);
        }
        return "baseline:" + job.getMetadata().getName();
    }

    private CompletableFuture<Arrival> arrival(String key) {
        return arrivals.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    private Arrival await(String key) throws InterruptedException {
        try {
            return arrival(key).get(ARRIVAL_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new BenchException("jobs: " + LoadRunner.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchException("jobs: no Job for " + key + " appeared in namespace " + NAMESPACE + " within "
                    + ARRIVAL_SECONDS + " s: does agent-service run with CHANT_AGENT_BACKEND=kubernetes against "
                    + options.kubeServer() + " and CHANT_AGENT_K8S_NAMESPACE=" + NAMESPACE + "?");
        } finally {
            arrivals.remove(key);
        }
    }

    /** The pod the Job controller would make, running at once: the mock runs nothing. */
    private Pod kubelet(Job job) {
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-pod")
                .addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels("job-name", job.getMetadata().getName()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").endStatus().build();
        return kube.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    /** The run's token, as the pod's environment gets it: from the Secret its Job's variable names. */
    private String tokenOf(Job job) {
        EnvVar variable = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(TOKEN_VARIABLE)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Job " + job.getMetadata().getName() + " has no "
                        + TOKEN_VARIABLE));
        var ref = variable.getValueFrom().getSecretKeyRef();
        Secret secret = kube.secrets().inNamespace(NAMESPACE).withName(ref.getName()).get();
        // An API server turns stringData into data; the mock keeps what it was given.
        if (secret != null && secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
            return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
        }
        if (secret != null && secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
            return secret.getStringData().get(ref.getKey());
        }
        throw new IllegalStateException("the run's token Secret " + ref.getName() + " is missing or has no "
                + ref.getKey());
    }

    /** A token-sized random value for the baseline's Secret (a run token is about 600 characters). */
    private String token() {
        byte[] bytes = new byte[450];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() throws InterruptedException {
        if (watch != null) {
            watch.close();
        }
        kube.close();
        agent.close();
    }
}
