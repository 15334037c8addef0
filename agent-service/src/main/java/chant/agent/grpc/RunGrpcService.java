package chant.agent.grpc;

import chant.agent.preview.PromptPreviews;
import chant.agent.run.NewRun;
import chant.agent.run.RunFilter;
import chant.agent.run.RunPage;
import chant.agent.run.Runs;
import chant.support.grpc.FailureStatuses;
import chant.support.idempotency.RequestIds;
import chant.support.auth.Principal;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.v1.CancelRunRequest;
import chant.v1.CancelRunResponse;
import chant.v1.EnqueueRunRequest;
import chant.v1.EnqueueRunResponse;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.GetRunResponse;
import chant.agent.cleanup.KeptCheckouts;
import chant.v1.ListKeptCheckoutsRequest;
import chant.v1.ListKeptCheckoutsResponse;
import chant.v1.PauseRunRequest;
import chant.v1.PauseRunResponse;
import chant.v1.RemoveKeptCheckoutsRequest;
import chant.v1.RemoveKeptCheckoutsResponse;
import chant.v1.ListRunsRequest;
import chant.v1.ListRunsResponse;
import chant.v1.RenderPromptRequest;
import chant.v1.RenderPromptResponse;
import chant.v1.LogChunk;
import chant.v1.RunServiceGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/**
 * chant.v1.RunService over {@link Runs} and {@link LogStreams}.
 *
 * <p>This service uses grpc-java's own API (StreamObserver) rather than Mutiny: FollowLog needs the
 * call's readiness ({@link ServerCallStreamObserver#isReady()} and its on-ready handler) to send a
 * log only as fast as the client reads it, and quarkus-grpc subscribes to a returned Multi with
 * unbounded demand, whatever the client's window. Failures thrown by a method reach
 * {@link FailureStatuses} as for every service; a stream that fails later reports its failure
 * through {@link FailureStatuses#toStatus(Throwable)} too.
 */
@GrpcService
public class RunGrpcService extends RunServiceGrpc.RunServiceImplBase {

    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return chant.support.grpc.UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Runs runs;

    @Inject
    LogStreams streams;

    @Inject
    KeptCheckouts kept;

    @Inject
    PromptPreviews previews;

    @Override
    @Blocking
    public void enqueueRun(EnqueueRunRequest r, StreamObserver<EnqueueRunResponse> response) {
        reply(response, EnqueueRunResponse.newBuilder()
                .setRun(RunMessages.toProto(runs.enqueue(new NewRun(r.getProject(), r.getSpecId(), r.getPrompt(),
                        r.getProvider(), r.getModel(), r.getTimeoutSeconds(), RequestIds.orNull(r.getRequestId()),
                        RunMessages.kind(r.getKind()), r.getTargetBranch(),
                        RunMessages.verifyTask(r.hasVerify(), r.getVerify())),
                        CurrentPrincipal.get())))
                .build());
    }

    @Override
    @Blocking
    public void renderPrompt(RenderPromptRequest r, StreamObserver<RenderPromptResponse> response) {
        PromptPreviews.Preview preview = previews.render(r.getProject(), r.getSpecId(), r.getPrompt(),
                RunMessages.kind(r.getKind()), CurrentPrincipal.get());
        reply(response, RenderPromptResponse.newBuilder()
                .setTemplate(preview.prompt().template())
                .setOrigin(preview.prompt().origin())
                .setText(preview.prompt().text())
                .setSpecId(preview.specId())
                .setSourceBranch(preview.sourceBranch())
                .setSourceCommit(preview.sourceCommit())
                .build());
    }

    @Override
    @Blocking
    public void getRun(GetRunRequest r, StreamObserver<GetRunResponse> response) {
        reply(response, GetRunResponse.newBuilder().setRun(RunMessages.toProto(runs.get(r.getRunId(), CurrentPrincipal.get()))).build());
    }

    @Override
    @Blocking
    public void listRuns(ListRunsRequest r, StreamObserver<ListRunsResponse> response) {
        RunPage page = runs.list(new RunFilter(r.getProject(), r.getSpecId(),
                RunMessages.statuses(r.getStatusesList())), r.getPageSize(), r.getPageToken(), CurrentPrincipal.get());
        reply(response, ListRunsResponse.newBuilder()
                .addAllRuns(page.runs().stream().map(RunMessages::toProto).toList())
                .setNextPageToken(page.nextPageToken())
                .build());
    }

    @Override
    @Blocking
    public void cancelRun(CancelRunRequest r, StreamObserver<CancelRunResponse> response) {
        reply(response, CancelRunResponse.newBuilder()
                .setRun(RunMessages.toProto(runs.cancel(r.getRunId(), CurrentPrincipal.get()))).build());
    }

    @Override
    @Blocking
    public void pauseRun(PauseRunRequest r, StreamObserver<PauseRunResponse> response) {
        reply(response, PauseRunResponse.newBuilder()
                .setRun(RunMessages.toProto(runs.pause(r.getRunId(), r.getTakeover(), CurrentPrincipal.get()))).build());
    }

    @Override
    @Blocking
    public void listKeptCheckouts(ListKeptCheckoutsRequest r, StreamObserver<ListKeptCheckoutsResponse> response) {
        reply(response, ListKeptCheckoutsResponse.newBuilder()
                .addAllCheckouts(kept.list(r.getProject(), r.getOlderThanSeconds(), CurrentPrincipal.get()).stream()
                        .map(RunMessages::toProto).toList())
                .build());
    }

    @Override
    @Blocking
    public void removeKeptCheckouts(RemoveKeptCheckoutsRequest r, StreamObserver<RemoveKeptCheckoutsResponse> response) {
        reply(response, RemoveKeptCheckoutsResponse.newBuilder()
                .addAllResults(kept.remove(r.getIdsList(), r.getForce(), CurrentPrincipal.get()).stream().map(RunMessages::toProto).toList())
                .build());
    }

    /**
     * Not blocking: it only wires the call to a {@link LogStreams} pump, which reads on a worker thread
     * whenever the call is ready, and stops when the client cancels. The caller's right to read the run
     * (viewer of its project, or its own runner) is checked there before the first read: the check may
     * ask spec-service, which must not happen on this event-loop thread.
     */
    @Override
    public void followLog(FollowLogRequest r, StreamObserver<LogChunk> response) {
        Principal principal = CurrentPrincipal.get();
        streams.start((ServerCallStreamObserver<LogChunk>) response, r.getRunId(), r.getOffset(), r.getFollow(),
                () -> runs.get(r.getRunId(), principal));
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
