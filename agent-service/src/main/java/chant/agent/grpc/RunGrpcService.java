package chant.agent.grpc;

import chant.agent.run.NewRun;
import chant.agent.run.RunFilter;
import chant.agent.run.RunPage;
import chant.agent.run.Runs;
import chant.support.idempotency.RequestIds;
import chant.support.identity.Caller;
import chant.v1.CancelRunRequest;
import chant.v1.CancelRunResponse;
import chant.v1.EnqueueRunRequest;
import chant.v1.EnqueueRunResponse;
import chant.v1.GetRunRequest;
import chant.v1.GetRunResponse;
import chant.v1.ListRunsRequest;
import chant.v1.ListRunsResponse;
import chant.v1.RunService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** chant.v1.RunService over {@link Runs}. */
@GrpcService
public class RunGrpcService implements RunService {

    @Inject
    Runs runs;

    @Override
    @Blocking
    public Uni<EnqueueRunResponse> enqueueRun(EnqueueRunRequest r) {
        return Uni.createFrom().item(() -> EnqueueRunResponse.newBuilder()
                .setRun(RunMessages.toProto(runs.enqueue(new NewRun(r.getProject(), r.getSpecId(), r.getPrompt(),
                        r.getProvider(), r.getModel(), r.getTimeoutSeconds(), RequestIds.orNull(r.getRequestId())),
                        Caller.current().name())))
                .build());
    }

    @Override
    @Blocking
    public Uni<GetRunResponse> getRun(GetRunRequest r) {
        return Uni.createFrom().item(() -> GetRunResponse.newBuilder()
                .setRun(RunMessages.toProto(runs.get(r.getRunId()))).build());
    }

    @Override
    @Blocking
    public Uni<ListRunsResponse> listRuns(ListRunsRequest r) {
        return Uni.createFrom().item(() -> {
            RunPage page = runs.list(new RunFilter(r.getProject(), r.getSpecId(),
                    RunMessages.statuses(r.getStatusesList())), r.getPageSize(), r.getPageToken());
            return ListRunsResponse.newBuilder()
                    .addAllRuns(page.runs().stream().map(RunMessages::toProto).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<CancelRunResponse> cancelRun(CancelRunRequest r) {
        return Uni.createFrom().item(() -> CancelRunResponse.newBuilder()
                .setRun(RunMessages.toProto(runs.cancel(r.getRunId(), Caller.current().name()))).build());
    }
    /** Implemented on branch run-logs (issue 7, logs); until it lands the RPC answers UNIMPLEMENTED. */
    @Override
    public io.smallrye.mutiny.Multi<chant.v1.LogChunk> followLog(chant.v1.FollowLogRequest r) {
        return io.smallrye.mutiny.Multi.createFrom().failure(io.grpc.Status.UNIMPLEMENTED
                .withDescription("FollowLog is not available in this build").asRuntimeException());
    }
}
