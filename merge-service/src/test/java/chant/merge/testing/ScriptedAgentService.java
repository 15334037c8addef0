package chant.merge.testing;

import chant.v1.EnqueueRunRequest;
import chant.v1.EnqueueRunResponse;
import chant.v1.GetRunRequest;
import chant.v1.GetRunResponse;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * agent-service as merge-service's tests need it: a real gRPC server on a loopback port answering EnqueueRun
 * (idempotent by request_id per project, as the contract says) and GetRun from runs in memory. The test plays
 * the runner: it ends a run with {@link #finish} after doing to the remote what the run would have done.
 * Every call must carry a valid token of the service identity merge-service; who made each call, and for
 * whom, is in {@link #calls}.
 */
public final class ScriptedAgentService implements AutoCloseable {

    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Long> byRequestId = new ConcurrentHashMap<>();
    private final List<EnqueueRunRequest> enqueues = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(100);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final ServiceCalls calls = new ServiceCalls();
    private final Server server;

    public ScriptedAgentService() throws IOException {
        io.grpc.ServerBuilder<?> builder = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new Runs());
        calls.install(builder);
        server = builder.build().start();
    }

    /** The calls made for the project's runs (EnqueueRun), with who made them and for whom. */
    public List<ServiceCalls.Call> calls(String project) {
        return calls.of(project);
    }

    public int port() {
        return server.getPort();
    }

    /** The next {@code count} EnqueueRun calls store their run but answer UNAVAILABLE, as a lost answer would. */
    public void loseNextAnswers(int count) {
        lostAnswers.set(count);
    }

    /** The next {@code count} GetRun calls answer UNAVAILABLE, as an agent-service that went away would. */
    public void failNextReads(int count) {
        unreadable.set(count);
    }

    /** Every EnqueueRun call received, retries included. */
    public List<EnqueueRunRequest> enqueues(String project) {
        return enqueues.stream().filter(e -> e.getProject().equals(project)).toList();
    }

    /** The runs created for the project. */
    public List<Run> runsOf(String project) {
        return runs.values().stream().filter(r -> r.getProject().equals(project)).toList();
    }

    /** How many GetRun calls were answered. */
    public int reads() {
        return reads.get();
    }

    /** Ends the run as its runner and delivery would: its status and reason, and what became of its spec. */
    public void finish(long runId, RunStatus status, String reason, String specStatusAfter) {
        runs.computeIfPresent(runId, (id, run) -> run.toBuilder().setStatus(status).setEndReason(reason)
                .setSpecDelivery("delivered").setSpecStatusAfter(specStatusAfter).build());
    }

    /** Ends a verify run as its runner would: succeeded, with what the command did. */
    public void finishVerify(long runId, int exitCode, String output) {
        runs.computeIfPresent(runId, (id, run) -> run.toBuilder().setStatus(RunStatus.RUN_STATUS_SUCCEEDED)
                .setEndReason(exitCode == 0 ? "the verify command passed" : "the verify command failed")
                .setVerification(chant.v1.RunVerification.newBuilder().setExitCode(exitCode).setOutputTail(output)
                        .setDurationMillis(1200))
                .build());
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private final class Runs extends RunServiceGrpc.RunServiceImplBase {

        @Override
        public void enqueueRun(EnqueueRunRequest r, StreamObserver<EnqueueRunResponse> observer) {
            enqueues.add(r);
            Run run;
            synchronized (ScriptedAgentService.this) {
                Long earlier = r.getRequestId().isEmpty() ? null : byRequestId.get(r.getProject() + "/" + r.getRequestId());
                if (earlier != null) {
                    run = runs.get(earlier);
                } else {
                    run = Run.newBuilder().setId(ids.incrementAndGet()).setProject(r.getProject())
                            .setSpecId(r.getSpecId()).setKind(r.getKind()).setTargetBranch(r.getTargetBranch())
                            .setPrompt(r.getKind() == chant.v1.RunKind.RUN_KIND_VERIFY ? "" : "merge-conflict")
                            .setVerify(r.getVerify()).setTimeoutSeconds(r.getTimeoutSeconds())
                            .setStatus(RunStatus.RUN_STATUS_QUEUED).setAttempt(1).build();
                    runs.put(run.getId(), run);
                    if (!r.getRequestId().isEmpty()) {
                        byRequestId.put(r.getProject() + "/" + r.getRequestId(), run.getId());
                    }
                }
            }
            if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                observer.onError(Status.UNAVAILABLE.withDescription("scripted lost answer").asRuntimeException());
                return;
            }
            observer.onNext(EnqueueRunResponse.newBuilder().setRun(run).build());
            observer.onCompleted();
        }

        @Override
        public void getRun(GetRunRequest r, StreamObserver<GetRunResponse> observer) {
            if (unreadable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                observer.onError(Status.UNAVAILABLE.withDescription("scripted: agent-service away").asRuntimeException());
                return;
            }
            Run run = runs.get(r.getRunId());
            if (run == null) {
                observer.onError(Status.NOT_FOUND.withDescription("run " + r.getRunId() + " does not exist")
                        .asRuntimeException());
                return;
            }
            reads.incrementAndGet();
            observer.onNext(GetRunResponse.newBuilder().setRun(run).build());
            observer.onCompleted();
        }
    }
}
