package chant.merge.grpc;

import chant.merge.request.MergeRequests;
import chant.merge.request.MergeSignal;
import chant.merge.request.MergeView;
import chant.support.grpc.FailureStatuses;
import chant.support.grpc.StreamPump;
import chant.v1.WatchMergeResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The open WatchMerge streams: each a {@link StreamPump} that reads the request only when its client
 * can take a message, and sends it only when its revision changed. A slow reader so gets the state
 * as it is when it is ready again, never a backlog of the states in between. A change in this
 * process wakes the pumps ({@link MergeSignal}); changes by another process are found by the poll.
 * At shutdown every stream ends with UNAVAILABLE (watch again).
 */
@ApplicationScoped
public class MergeWatches {

    @Inject
    MergeRequests merges;

    @Inject
    MergeSignal signal;

    @ConfigProperty(name = "chant.merge.watch-poll", defaultValue = "1s")
    Duration poll;

    private final Set<StreamPump<?>> open = ConcurrentHashMap.newKeySet();

    void start(ServerCallStreamObserver<WatchMergeResponse> call, long mergeId) {
        long[] sentRevision = {-1};
        StreamPump<?>[] self = new StreamPump<?>[1];
        StreamPump<WatchMergeResponse> pump = new StreamPump<>(call, () -> {
            MergeView view = merges.get(mergeId);
            if (view.request().revision == sentRevision[0]) {
                return StreamPump.Batch.of(List.of());
            }
            sentRevision[0] = view.request().revision;
            return new StreamPump.Batch<>(List.of(WatchMergeResponse.newBuilder()
                    .setMerge(MergeMessages.toProto(view)).build()), view.request().status.ended());
        }, () -> {
            CompletableFuture<Void> wake = new CompletableFuture<>();
            signal.next().whenComplete((v, e) -> wake.complete(null));
            return wake;
        }, poll, Infrastructure.getDefaultWorkerPool(), FailureStatuses::toStatus, () -> open.remove(self[0]));
        self[0] = pump;
        open.add(pump);
        pump.start();
    }

    /** The streams that have not ended. */
    public List<StreamPump<?>> open() {
        return List.copyOf(open);
    }

    void shutdown(@Observes ShutdownEvent event) {
        for (StreamPump<?> pump : open()) {
            pump.interrupt(Status.UNAVAILABLE.withDescription("merge-service is shutting down: watch again")
                    .asRuntimeException());
        }
    }
}
