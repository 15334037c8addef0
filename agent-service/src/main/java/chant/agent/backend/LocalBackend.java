package chant.agent.backend;

import chant.agent.queue.Claim;
import chant.agent.queue.Finish;
import chant.agent.queue.Outcome;
import chant.agent.queue.RunQueue;
import chant.agent.remote.RunTokens;
import chant.agent.run.QueueChanged;
import chant.agent.run.Run;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The local backend: claims queued runs within the queue's limits and starts a runner process for
 * each ({@link RunnerProcesses}), handing it the run and its lease through the environment. The
 * runner reports back over gRPC; if it dies, its lease expires and the sweep retries or fails the
 * run. Off with {@code chant.agent.local-backend.enabled=false} (a service that only serves the API).
 *
 * <p>It claims as soon as this process queues a run or a run's slot frees ({@link QueueChanged},
 * after the commit), and every {@code chant.agent.dispatch-interval} besides (runs queued through
 * another replica, retries whose backoff ran out). Every claim happens on one thread, so wake-ups
 * that come while it claims are folded into one more pass; the claims themselves are safe across
 * threads and replicas either way ({@link RunQueue#claim}).
 *
 * <p>A claimed run goes to a runner started ahead and waiting for a run ({@link WaitingRunners},
 * {@code chant.agent.waiting-runners}, default 1), else to a runner started for it. Waiting runners
 * hold nothing: the run is committed as claimed before it is handed over, exactly as before a start,
 * so a runner that dies with its run still loses only its lease, which the sweep takes back.
 *
 * <p>With its run a runner gets the run's token ({@link RunTokens}, minted by spec-service for this
 * run and its spec alone): in {@code CHANT_RUN_TOKEN} of a runner started for the run, on the standard
 * input of a waiting one; never on a command line. A runner holds no other credential: none of the
 * service's {@code CHANT_AUTH_*} variables is passed on.
 */
@ApplicationScoped
public class LocalBackend {

    private static final Logger LOG = Logger.getLogger(LocalBackend.class);

    /** The variables a runner inherits from the service, when set: what its providers and the JVM need. */
    static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "TZ",
            "CHANT_CLAUDE_CLI", "CHANT_ANTHROPIC_BASE_URL", "CHANT_ANTHROPIC_API_KEY", "CHANT_ANTHROPIC_API_KEY_FILE",
            "CHANT_OPENAI_BASE_URL", "CHANT_OPENAI_API_KEY", "CHANT_OPENAI_API_KEY_FILE", "CHANT_OPENAI_MODEL",
            "CHANT_OPENAI_STREAM", "CHANT_OPENAI_MAX_TURNS", "CHANT_OPENAI_COMMAND_TIMEOUT_SECONDS",
            "CHANT_AGENT_COMMAND", "CHANT_AGENT_COMMAND_NETWORK", "CHANT_AGENT_COMMAND_PATHS", "CHANT_AGENT_COMMAND_ENV",
            "CHANT_AGENT_UNSANDBOXED");

    /** Names more variables a runner inherits: those the command provider hands to its agent (comma-separated). */
    static final String COMMAND_ENV = "CHANT_AGENT_COMMAND_ENV";

    /** The run's token in a runner's environment (docs/auth.md, "Run tokens"). */
    static final String RUN_TOKEN = "CHANT_RUN_TOKEN";

    @Inject
    RunQueue queue;

    @Inject
    ClaimTokens claimTokens;

    @ConfigProperty(name = "chant.agent.local-backend.enabled", defaultValue = "true")
    boolean enabledSetting;

    /** {@code local} (this backend) or {@code kubernetes} ({@code chant.agent.backend.kubernetes.KubernetesBackend}). */
    @ConfigProperty(name = "chant.agent.backend", defaultValue = "local")
    String backend;

    /** Claims only as the chosen backend, and when not switched off. */
    boolean enabled;

    @jakarta.annotation.PostConstruct
    void choose() {
        enabled = enabledSetting && "local".equals(backend);
    }

    @ConfigProperty(name = "chant.agent.work-root", defaultValue = ".chant-run/work")
    Path workRoot;

    @ConfigProperty(name = "chant.agent.spec-server", defaultValue = "localhost:8181")
    String specServer;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8182")
    int port;

    /** Separated by white space (a list property would split at commas only, handing the JVM one argument). */
    @ConfigProperty(name = "chant.agent.runner-jvm-options", defaultValue = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
    String jvmOptions;

    @ConfigProperty(name = "chant.agent.sandbox.unsandboxed", defaultValue = "false")
    boolean unsandboxed;

    /** Runners share a class-data archive made by the first of them ({@link RunnerArchive}; a class path of jars only). */
    @ConfigProperty(name = "chant.agent.runner-class-archive", defaultValue = "true")
    boolean classArchive;

    private volatile RunnerArchive archive;

    private final String runnerId = "local-" + ProcessHandle.current().pid();

    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-backend-dispatch");
        t.setDaemon(true);
        return t;
    });

    /** Set while a pass is queued and has not started: further wake-ups need no pass of their own. */
    private final AtomicBoolean passQueued = new AtomicBoolean();

    /** Runners kept started ahead of their runs ({@link WaitingRunners}); 0 starts each after its claim. */
    @ConfigProperty(name = "chant.agent.waiting-runners", defaultValue = "1")
    int waitingRunnerCount;

    private final WaitingRunners waitingRunners = new WaitingRunners();

    /** Set by the schedule: the next pass also tops up the waiting runners. */
    private final AtomicBoolean scheduledPass = new AtomicBoolean();

    @Scheduled(identity = "local-backend", every = "${chant.agent.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        scheduledPass.set(true);
        wake();
    }

    /** A run was queued or a slot freed here (the change is committed): claim now. */
    void onQueueChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) QueueChanged change) {
        wake();
    }

    /** Claims on the dispatcher thread soon: at once unless a pass is already waiting to start. */
    void wake() {
        if (!enabled || stopping || !passQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            dispatcher.execute(() -> {
                passQueued.set(false);
                ManagedContext requestContext = Arc.container().requestContext();
                requestContext.activate();
                try {
                    dispatch();
                } finally {
                    requestContext.terminate();
                }
            });
        } catch (RejectedExecutionException e) {
            passQueued.set(false); // shutting down
        }
    }

    /** Set at shutdown: no claim starts after it. */
    private volatile boolean stopping;

    /**
     * Graceful shutdown (SIGTERM, a pod being stopped): claims nothing more, first of the shutdown
     * observers. A claim already made is handed to its runner before the pass ends; runners outlive
     * this process by design and keep their runs' leases by their own heartbeats, and queued runs stay
     * queued in the database for the other replicas (or this one after its restart) to claim.
     */
    void stop(@Observes @jakarta.annotation.Priority(1) ShutdownEvent event) throws InterruptedException {
        stopping = true;
        dispatcher.shutdown();
        dispatcher.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        waitingRunners.close(); // they also end by themselves when this process is gone
    }

    /**
     * Claims runs until the queue or the limits say no more, handing each to a waiting runner or
     * starting one; on the schedule's passes it also starts the runners that wait ahead (not right
     * after a claim: the new JVM would take the CPU from the run that just started).
     */
    void dispatch() {
        boolean claimed = false;
        try {
            Optional<Claim> claim;
            while (!stopping && (claim = queue.claim(runnerId)).isPresent()) {
                claimed = true;
                if (!launch(claim.get())) {
                    break; // spec-service cannot give run tokens now: claim no more runs in this pass
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("the local backend could not claim runs (it tries again): %s", e.toString());
        }
        if (!claimed && scheduledPass.getAndSet(false)) {
            startWaitingRunners();
        }
    }

    /** Hands the claimed run to a runner; false when its token could not be had and claiming should pause. */
    private boolean launch(Claim claim) {
        Run run = claim.run();
        Path output = workRoot.toAbsolutePath().resolve("runners").resolve("run-" + run.id + "-" + run.attempt + ".log");
        String token;
        try {
            token = claimTokens.tokenOrGiveBack(run);
        } catch (ClaimTokens.NoToken e) {
            return !e.pauseClaiming();
        }
        Optional<Process> handed = waitingRunners.hand(run.id, run.leaseEpoch, claim.heartbeatSeconds(), token, output);
        if (handed.isPresent()) {
            LOG.infof("%s of spec %s: handed to the waiting runner %d (output %s)", run.label(), run.specId,
                    handed.get().pid(), output);
            return true;
        }
        Map<String, String> env = environment();
        env.put("CHANT_RUNNER_RUN_ID", String.valueOf(run.id));
        env.put("CHANT_RUNNER_EPOCH", String.valueOf(run.leaseEpoch));
        env.put("CHANT_RUNNER_HEARTBEAT_SECONDS", String.valueOf(claim.heartbeatSeconds()));
        env.put(RUN_TOKEN, token);
        try {
            Process process = start(env, output, false);
            LOG.infof("%s of spec %s: runner started (pid %d, output %s)", run.label(), run.specId, process.pid(), output);
        } catch (IOException e) {
            LOG.errorf("%s of spec %s: the runner could not be started: %s", run.label(), run.specId, e.getMessage());
            queue.finish(new Finish(run.id, run.leaseEpoch, Outcome.RETRYABLE_FAILURE, "", null, null, null,
                    "the runner could not be started: " + e.getMessage()));
        }
        return true;
    }

    /** Tops up the runners that wait for a run (chant.agent.waiting-runners). */
    private void startWaitingRunners() {
        while (waitingRunners.size() < waitingRunnerCount) {
            Path output = workRoot.toAbsolutePath().resolve("runners").resolve("waiting-"
                    + java.util.UUID.randomUUID() + ".log");
            Map<String, String> env = environment();
            env.put("CHANT_RUNNER_WAIT_FOR_RUN", "stdin");
            try {
                Process process = start(env, output, true);
                waitingRunners.add(new WaitingRunners.Waiting(process, output));
            } catch (IOException e) {
                LOG.warnf("could not start a runner to wait for a run (runners start after their claims): %s",
                        e.getMessage());
                return;
            }
        }
    }

    /** Starts a runner with the JVM options and, when it can be used, the runners' class archive. */
    private Process start(Map<String, String> env, Path output, boolean waits) throws IOException {
        List<String> options = new java.util.ArrayList<>(RunnerProcesses.options(jvmOptions));
        RunnerArchive.Use shared = classArchive && RunnerArchive.archivable(RunnerProcesses.classPath())
                && options.stream().noneMatch(o -> o.startsWith("-Xshare")
                || o.contains("SharedArchiveFile") || o.contains("ArchiveClassesAtExit"))
                ? archive().next() : new RunnerArchive.Use(List.of(), false);
        options.addAll(shared.jvmOptions());
        try {
            Process process = RunnerProcesses.start(options, RunnerProcesses.classPath(), env, output, waits);
            archive().started(process, shared);
            if (shared.trains()) {
                LOG.infof("runner %d makes the runners' class archive when it exits", process.pid());
            }
            return process;
        } catch (IOException e) {
            archive().notStarted(shared);
            throw e;
        }
    }

    private RunnerArchive archive() {
        if (archive == null) {
            archive = new RunnerArchive(workRoot.toAbsolutePath().resolve("runners").resolve("cds"),
                    ProcessHandle.current().pid());
        }
        return archive;
    }

    /** {@link #INHERITED} and the variables {@code CHANT_AGENT_COMMAND_ENV} names (the command provider's agent needs them). */
    static List<String> inherited(String commandEnv) {
        List<String> names = new java.util.ArrayList<>(INHERITED);
        if (commandEnv != null) {
            for (String name : commandEnv.split(",")) {
                String n = name.strip();
                // Never the service's credentials (CHANT_AUTH_*) nor a run token: a runner holds its run's alone.
                if (n.matches("[A-Za-z_][A-Za-z0-9_]*") && !names.contains(n) && !n.startsWith("CHANT_RUNNER_")
                        && !n.startsWith("CHANT_AUTH_") && !n.equals(RUN_TOKEN)) {
                    names.add(n);
                }
            }
        }
        return List.copyOf(names);
    }

    /** What every runner gets; a run's own variables are added by the caller, or come later on standard input. */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : inherited(System.getenv(COMMAND_ENV))) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("CHANT_RUNNER_AGENT_SERVER", "localhost:" + port);
        env.put("CHANT_RUNNER_SPEC_SERVER", specServer);
        env.put("CHANT_RUNNER_WORK_ROOT", workRoot.toAbsolutePath().toString());
        if (unsandboxed) {
            env.put("CHANT_AGENT_UNSANDBOXED", "true");
        }
        return env;
    }
}
