package chant.merge.grpc;

import chant.merge.request.MergePage;
import chant.merge.request.MergeRequests;
import chant.merge.request.NewArchive;
import chant.merge.request.NewMerge;
import chant.support.idempotency.RequestIds;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.v1.GetMergeRequest;
import chant.v1.GetMergeResponse;
import chant.v1.ListMergesRequest;
import chant.v1.ListMergesResponse;
import chant.v1.MergeServiceGrpc;
import chant.v1.SubmitArchiveRequest;
import chant.v1.SubmitArchiveResponse;
import chant.v1.SubmitMergeRequest;
import chant.v1.SubmitMergeResponse;
import chant.v1.WatchMergeRequest;
import chant.v1.WatchMergeResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/**
 * chant.v1.MergeService over {@link MergeRequests} and {@link MergeWatches}. It extends the plain
 * grpc-java base (not Mutiny) because WatchMerge needs the call's readiness for flow control, as
 * spec-service's EventGrpcService does; failures thrown by a method reach FailureStatuses as for
 * every service. Each method hands the call's verified principal ({@link CurrentPrincipal}) to the
 * domain, which checks the caller's rights.
 */
@GrpcService
public class MergeGrpcService extends MergeServiceGrpc.MergeServiceImplBase {

    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return chant.support.grpc.UndecodableRequests.guard(super.bindService());
    }

    @Inject
    MergeRequests merges;

    @Inject
    MergeWatches watches;

    @Override
    @Blocking
    public void submitMerge(SubmitMergeRequest r, StreamObserver<SubmitMergeResponse> response) {
        NewMerge merge = new NewMerge(r.getProject(), r.getSpecIdsList(), r.getLabel(), r.getAll(), r.getTargetBranch(),
                MergeMessages.strategy(r.getStrategy()), r.getDryRun(), r.getDeleteBranch(), r.getContinueOnError(),
                RequestIds.orNull(r.getRequestId()), r.getResolve());
        reply(response, SubmitMergeResponse.newBuilder()
                .setMerge(MergeMessages.toProto(merges.submit(merge, CurrentPrincipal.get()))).build());
    }

    @Override
    @Blocking
    public void submitArchive(SubmitArchiveRequest r, StreamObserver<SubmitArchiveResponse> response) {
        NewArchive archive = new NewArchive(r.getProject(), r.getSpecIdsList(), r.getTargetBranch(), r.getForce(),
                RequestIds.orNull(r.getRequestId()));
        reply(response, SubmitArchiveResponse.newBuilder()
                .setMerge(MergeMessages.toProto(merges.submitArchive(archive, CurrentPrincipal.get()))).build());
    }

    @Override
    @Blocking
    public void getMerge(GetMergeRequest r, StreamObserver<GetMergeResponse> response) {
        reply(response, GetMergeResponse.newBuilder()
                .setMerge(MergeMessages.toProto(merges.get(r.getMergeId(), CurrentPrincipal.get())))
                .build());
    }

    @Override
    @Blocking
    public void listMerges(ListMergesRequest r, StreamObserver<ListMergesResponse> response) {
        MergePage page = merges.list(r.getProject(), MergeMessages.statuses(r.getStatusesList()), r.getPageSize(),
                r.getPageToken(), CurrentPrincipal.get());
        reply(response, ListMergesResponse.newBuilder()
                .addAllMerges(page.merges().stream().map(MergeMessages::toProto).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    /**
     * Checks that the request exists and that the caller may read it, then hands the call to a pump
     * that sends each new state as the client reads.
     */
    @Override
    @Blocking
    public void watchMerge(WatchMergeRequest r, StreamObserver<WatchMergeResponse> response) {
        merges.get(r.getMergeId(), CurrentPrincipal.get());
        watches.start((ServerCallStreamObserver<WatchMergeResponse>) response, r.getMergeId());
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
