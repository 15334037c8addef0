package chant.agent.backend.kubernetes;

import chant.agent.log.RunLogs;
import chant.agent.backend.ClaimTokens;
import chant.agent.queue.Claim;
import chant.agent.queue.Finish;
import chant.agent.queue.Outcome;
import chant.agent.queue.RunQueue;
import chant.agent.run.QueueChanged;
import chant.agent.run.Run;
import chant.agent.runner.Runner;
import chant.agent.secret.Redactor;
import chant.agent.secret.Secret;
import chant.support.failure.ConflictException;
import chant.support.failure.PreconditionFailedException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Kubernetes backend ({@code chant.agent.backend=kubernetes}): claims queued runs within the
 * queue's limits, like the local backend, and makes each one Job ({@link RunJobs}) with a Secret
 * holding the run's token. The runner in the Job's pod reports over gRPC as a local runner does; its
 * reports decide the run.
 *
 * <p>The backend watches its Jobs and their pods (two informers on its labels, with a resync) and
 * judges each Job whose run it still holds ({@link JobState}): while the pod has not started it holds
 * the lease for it (a pod may take longer than a lease to pull its image); a pod that could not start
 * in time, was evicted, failed without its runner reporting, or vanished ends the attempt (retried
 * within the attempt limit, through {@link RunQueue#finish} as a runner's retryable failure is); a Job
 * stopped at its deadline times the run out. A runner that could not report leaves its pod's log,
 * whose last lines go into the run's log. A cancelled run's Job is deleted with foreground
 * propagation, as is every Job whose run no longer needs it. Every decision is fenced by the lease's
 * epoch the Job carries, so a late event, a second replica or a restart changes nothing twice; after
 * a restart the informers list the Jobs again and the backend goes on judging them (it creates a Job
 * only right after a claim, and a Job's name is its run's and epoch's, so nothing is created twice).
 *
 * <p>All decisions of this process happen on one thread, in order.
 */
@ApplicationScoped
public class KubernetesBackend {

    private static final Logger LOG = Logger.getLogger(KubernetesBackend.class);

    public static final String NAME = "kubernetes";

    @Inject
    RunQueue queue;

    @Inject
    ClaimTokens claimTokens;

    @Inject
    RunLogs logs;

    @Inject
    RunSnapshots snapshots;

    @Inject
    KubernetesSettings settings;

    @Inject
    Instance<KubernetesClient> clients;

    @ConfigProperty(name = "chant.agent.backend", defaultValue = "local")
    String backend;

    private volatile KubernetesClient client;
    private volatile String namespace;
    private volatile SharedIndexInformer<Job> jobs;
    private volatile SharedIndexInformer<Pod> pods;
    private volatile ExecutorService decisions;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile Instant lastOrphanCheck = Instant.EPOCH;

    void onStart(@Observes StartupEvent event) {
        if (!List.of("local", NAME).contains(backend)) {
            throw new IllegalStateException("chant.agent.backend (CHANT_AGENT_BACKEND) is '" + backend
                    + "': set local (runner processes on this machine) or kubernetes (a Job per run)");
        }
        if (enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    boolean enabled() {
        return NAME.equals(backend);
    }

    /** Connects, starts the informers and judges every Job they list (also after a restart of the service). */
    public synchronized void start() {
        if (decisions != null) {
            return;
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kubernetes-backend");
            t.setDaemon(true);
            return t;
        });
        client = clients.get();
        namespace = settings.namespace.filter(n -> !n.isBlank())
                .orElseGet(() -> Optional.ofNullable(client.getNamespace()).orElse("default"));
        long resync = settings.resync.toMillis();
        jobs = client.batch().v1().jobs().inNamespace(namespace).withLabel(RunJobs.MANAGED_BY, RunJobs.MANAGER)
                .inform(new Handler<>(false), resync);
        pods = client.pods().inNamespace(namespace).withLabel(RunJobs.MANAGED_BY, RunJobs.MANAGER)
                .inform(new Handler<>(true), resync);
        decisions = executor; // the informers' first events are judged by the pass below
        LOG.infof("the Kubernetes backend runs runs as Jobs in namespace %s (image %s)", namespace, settings.image);
        wake();
    }

    /** Stops watching and deciding; the Jobs run on (a started backend finds them again). */
    public synchronized void stop() {
        if (decisions == null) {
            return;
        }
        jobs.close();
        pods.close();
        decisions.shutdown();
        try {
            decisions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        decisions = null;
    }

    public String namespace() {
        return namespace;
    }

    @Scheduled(identity = "kubernetes-backend", every = "${chant.agent.dispatch-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    void onQueueChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) QueueChanged change) {
        wake();
    }

    /** A pass soon: claim what the limits allow, then judge every Job (cancels, held leases, orphans). */
    void wake() {
        if (enabled() && decisions != null && passQueued.compareAndSet(false, true)) {
            decide(() -> {
                passQueued.set(false);
                dispatch();
                jobs.getStore().list().forEach(job -> judge(job.getMetadata().getName(), job));
                removeOrphanedSecrets();
            });
        }
    }

    private void decide(Runnable decision) {
        ExecutorService executor = decisions;
        if (executor == null) {
            return;
        }
        try {
            executor.execute(() -> {
                ManagedContext requestContext = Arc.container().requestContext();
                requestContext.activate();
                try {
                    decision.run();
                } catch (RuntimeException e) {
                    LOG.warnf("the Kubernetes backend failed a step (it tries again at its next pass): %s", e.toString());
                } finally {
                    requestContext.terminate();
                }
            });
        } catch (RejectedExecutionException e) {
            passQueued.set(false); // stopping
        }
    }

    private void dispatch() {
        Optional<Claim> claim;
        while ((claim = queue.claim("kubernetes:" + namespace)).isPresent()) {
            if (!launch(claim.get())) {
                return;
            }
        }
    }

    /** Makes the claimed run's Secret and Job; false when no token could be had and claiming should pause. */
    private boolean launch(Claim claim) {
        Run run = claim.run();
        RunJobs.RunJob runJob = new RunJobs.RunJob(run.id, run.leaseEpoch, run.attempt, run.project, run.specId,
                run.timeoutSeconds, claim.heartbeatSeconds(), run.runKind() != chant.agent.work.RunKind.VERIFY);
        String token;
        try {
            token = claimTokens.tokenOrGiveBack(run);
        } catch (ClaimTokens.NoToken e) {
            return !e.pauseClaiming();
        }
        try {
            io.fabric8.kubernetes.api.model.Secret secret = RunJobs.tokenSecret(runJob, namespace, token);
            createOrFind(secret);
            Job job = createOrFind(RunJobs.job(runJob, namespace, settings));
            client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName())
                    .edit(s -> RunJobs.ownedBy(s, job));
            LOG.infof("%s of spec %s: Job %s created in %s", run.label(), run.specId, job.getMetadata().getName(),
                    namespace);
        } catch (KubernetesClientException e) {
            LOG.errorf("%s of spec %s: its Job could not be created: %s", run.label(), run.specId, e.getMessage());
            queue.finish(new Finish(run.id, run.leaseEpoch, Outcome.RETRYABLE_FAILURE, "", null, null, null,
                    "its Job could not be created in namespace " + namespace + ": " + e.getMessage()));
            delete(RunJobs.jobName(run.id, run.leaseEpoch));
            try {
                client.secrets().inNamespace(namespace).withName(RunJobs.secretName(run.id, run.leaseEpoch)).delete();
            } catch (KubernetesClientException again) {
                // Left for the sweep of Secrets no Job owns.
                LOG.warnf("Secret %s could not be deleted: %s", RunJobs.secretName(run.id, run.leaseEpoch),
                        again.getMessage());
            }
        }
        return true;
    }

    /**
     * Deletes token Secrets that no Job owns, once per resync: a service killed between making a run's
     * Secret and its Job leaves one (the Job makes a Secret its own right after it exists). Only Secrets
     * older than a resync are touched, so another replica's launch under way is left alone.
     */
    private void removeOrphanedSecrets() {
        Instant now = Instant.now();
        if (Duration.between(lastOrphanCheck, now).compareTo(settings.resync) < 0) {
            return;
        }
        lastOrphanCheck = now;
        for (io.fabric8.kubernetes.api.model.Secret secret : client.secrets().inNamespace(namespace)
                .withLabel(RunJobs.MANAGED_BY, RunJobs.MANAGER).list().getItems()) {
            boolean owned = secret.getMetadata().getOwnerReferences() != null
                    && !secret.getMetadata().getOwnerReferences().isEmpty();
            Optional<Instant> created = Optional.ofNullable(secret.getMetadata().getCreationTimestamp()).map(Instant::parse);
            String name = secret.getMetadata().getName();
            if (owned || created.isEmpty() || Duration.between(created.get(), now).compareTo(settings.resync) < 0
                    || !name.endsWith("-token")) {
                continue;
            }
            String jobName = name.substring(0, name.length() - "-token".length());
            if (current(jobName) == null) {
                LOG.infof("Secret %s: no Job %s owns it (the service stopped between making them); deleting it", name,
                        jobName);
                client.secrets().inNamespace(namespace).withName(name).delete();
            }
        }
    }

    /** Creates the object, or finds the one created before under its name (a repeat: the same run and epoch). */
    private <T extends HasMetadata> T createOrFind(T object) {
        try {
            return client.resource(object).inNamespace(namespace).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.resource(object).inNamespace(namespace).get();
            }
            throw e;
        }
    }

    /** Judges the Job named {@code name} ({@code job} null: it is gone) and acts for its run. */
    void judge(String name, Job job) {
        Optional<long[]> ids = runAndEpoch(name);
        if (ids.isEmpty()) {
            return;
        }
        long runId = ids.get()[0];
        long epoch = ids.get()[1];
        List<Pod> itsPods = pods.getStore().list().stream()
                .filter(p -> name.equals(label(p, RunJobs.JOB_NAME))
                        || (String.valueOf(runId).equals(label(p, RunJobs.RUN))
                                && String.valueOf(epoch).equals(label(p, RunJobs.EPOCH))))
                .toList();
        JobState state = JobState.read(job, itsPods, Instant.now(), settings.pendingTimeout);
        Optional<RunSnapshots.Snapshot> run = snapshots.of(runId);
        if (run.isEmpty() || !run.get().heldBy(epoch)) {
            // Ended, or another attempt holds the run: a Job still at work is of no use any more.
            if (job != null && active(state)) {
                LOG.infof("Job %s: its run %d no longer needs it (%s); deleting it", name, runId,
                        run.map(r -> r.status().dbName() + ", epoch " + r.epoch()).orElse("run deleted"));
                delete(name);
            }
            return;
        }
        RunSnapshots.Snapshot held = run.get();
        if (held.cancelRequested()) {
            finish(held, epoch, Outcome.CANCELLED, "its Job " + name + " was deleted");
            if (job != null) {
                delete(name);
            }
            return;
        }
        String why = "its Job " + name + ": " + state.reason();
        switch (state.kind()) {
            case PENDING -> renew(held, epoch);
            case RUNNING -> { }
            case SUCCEEDED -> {
                // Exit 0 means the runner reported; a run still held means the report was lost on the way.
                podLog(held, epoch, state.podName());
                finish(held, epoch, Outcome.RETRYABLE_FAILURE, why + ", but its runner did not report the run's end");
            }
            case FAILED -> {
                podLog(held, epoch, state.podName());
                boolean notRetryable = state.exitCode() != null && state.exitCode() == Runner.NOT_RETRYABLE;
                finish(held, epoch, notRetryable ? Outcome.FAILED : Outcome.RETRYABLE_FAILURE, why
                        + (notRetryable ? ": the runner could not work the run as started (see the run's log)"
                                : ", and its runner did not report the run's end"));
            }
            case EVICTED, PENDING_LOST -> {
                podLog(held, epoch, state.podName());
                finish(held, epoch, Outcome.RETRYABLE_FAILURE, "the attempt was lost: " + why);
                delete(name);
            }
            case PENDING_FAILED -> {
                finish(held, epoch, Outcome.FAILED, why);
                delete(name);
            }
            case DEADLINE -> {
                podLog(held, epoch, state.podName());
                try {
                    queue.timeOut(held.runId(), epoch, why);
                } catch (ConflictException | PreconditionFailedException | chant.support.failure.NotFoundException e) {
                    LOG.debugf("run %d: its end came first (%s)", held.runId(), e.getMessage());
                }
            }
            case GONE -> finish(held, epoch, Outcome.RETRYABLE_FAILURE, "the attempt was lost: " + why
                    + " (not by agent-service)");
        }
    }

    private static boolean active(JobState state) {
        return switch (state.kind()) {
            case PENDING, PENDING_FAILED, PENDING_LOST, RUNNING, EVICTED -> true;
            default -> false;
        };
    }

    /** Holds the lease for a runner whose pod has not started: nothing else would renew it meanwhile. */
    private void renew(RunSnapshots.Snapshot run, long epoch) {
        try {
            queue.heartbeat(run.runId(), epoch, null, null);
        } catch (ConflictException | PreconditionFailedException | chant.support.failure.NotFoundException e) {
            LOG.debugf("run %d: its lease moved on (%s)", run.runId(), e.getMessage());
        }
    }

    private void finish(RunSnapshots.Snapshot run, long epoch, Outcome outcome, String reason) {
        try {
            Run ended = queue.finish(new Finish(run.runId(), epoch, outcome, "", null, null, null, reason));
            LOG.infof("%s: %s (%s)", ended.label(), ended.status.dbName(), reason);
        } catch (ConflictException | PreconditionFailedException | chant.support.failure.NotFoundException e) {
            // The runner's own report (or another replica) came first: it decides.
            LOG.debugf("run %d: its end came first (%s)", run.runId(), e.getMessage());
        }
    }

    /** Deletes the Job, its pods first (foreground propagation); its token's Secret goes with it (owner). */
    void delete(String jobName) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("Job %s could not be deleted (tried again at the next pass): %s", jobName, e.getMessage());
        }
    }

    /**
     * The fallback for a runner that could not report: the last lines of its pod's log go into the run's
     * log, with a note saying where they come from (the run's token, which the runner may have printed,
     * removed).
     */
    private void podLog(RunSnapshots.Snapshot run, long epoch, String podName) {
        if (podName == null) {
            return;
        }
        String text;
        try {
            text = client.pods().inNamespace(namespace).withName(podName).tailingLines(settings.podLogLines).getLog();
        } catch (KubernetesClientException e) {
            text = null;
            LOG.debugf("pod %s: no log (%s)", podName, e.getMessage());
        }
        String note = text == null || text.isBlank()
                ? "chant: the runner could not report; the log of its pod " + podName + " could not be read\n"
                : "chant: the runner could not report; the last lines of its pod " + podName + "'s log follow\n"
                        + redactor(run.runId(), epoch).redact(text.endsWith("\n") ? text : text + "\n");
        byte[] data = note.getBytes(StandardCharsets.UTF_8);
        for (int tries = 0; tries < 3; tries++) {
            long offset = tries == 0 ? run.logSize() : snapshots.of(run.runId()).map(RunSnapshots.Snapshot::logSize).orElse(0L);
            try {
                logs.append(run.runId(), epoch, offset, data);
                return;
            } catch (PreconditionFailedException e) {
                // The runner appended meanwhile: append at the new end.
            } catch (ConflictException e) {
                return;
            }
        }
    }

    private Redactor redactor(long runId, long epoch) {
        try {
            io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(namespace)
                    .withName(RunJobs.secretName(runId, epoch)).get();
            String token = secret == null ? null : Optional.ofNullable(secret.getData()).map(d -> d.get(RunJobs.TOKEN_KEY))
                    .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8))
                    .or(() -> Optional.ofNullable(secret.getStringData()).map(d -> d.get(RunJobs.TOKEN_KEY))).orElse(null);
            return token == null ? Redactor.none() : new Redactor(List.of(Secret.of(token))).alsoCutShort(Secret.of(token));
        } catch (KubernetesClientException | IllegalArgumentException e) {
            return Redactor.none();
        }
    }

    /**
     * The Job from the informer's store, else from the API server: a pod's event may come before its
     * Job's, and a Job not yet seen must not count as deleted.
     */
    private Job current(String name) {
        Job job = jobs.getStore().getByKey(namespace + "/" + name);
        if (job != null) {
            return job;
        }
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    /** Run id and epoch from a Job's name ({@code chant-run-<id>-<epoch>}). */
    static Optional<long[]> runAndEpoch(String jobName) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("chant-run-(\\d+)-(\\d+)").matcher(jobName);
        return m.matches() ? Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))})
                : Optional.empty();
    }

    private static String label(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    /** Informer events become decisions on the backend's thread; a pod's event judges its Job. */
    private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {

        private final boolean pod;

        Handler(boolean pod) {
            this.pod = pod;
        }

        @Override
        public void onAdd(T object) {
            changed(object);
        }

        @Override
        public void onUpdate(T before, T object) {
            changed(object);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            if (pod) {
                changed(object);
            } else {
                String name = object.getMetadata().getName();
                decide(() -> judge(name, null));
            }
        }

        private void changed(T object) {
            String name = pod ? Optional.ofNullable(label(object, RunJobs.JOB_NAME))
                    .orElseGet(() -> RunJobs.jobName(Long.parseLong(Optional.ofNullable(label(object, RunJobs.RUN)).orElse("0")),
                            Long.parseLong(Optional.ofNullable(label(object, RunJobs.EPOCH)).orElse("0"))))
                    : object.getMetadata().getName();
            decide(() -> judge(name, current(name)));
        }
    }
}
