package chant.spec.grpc;

import chant.spec.audit.EventFeed;
import chant.spec.audit.EventQuery;
import chant.spec.audit.SpecEvent;
import chant.support.grpc.FailureStatuses;
import chant.support.grpc.StreamPump;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The open watch streams: each a {@link StreamPump} that reads the audit trail a batch at a time
 * while its client can take it. At shutdown every stream ends with UNAVAILABLE, so that clients
 * watch again (after the last sequence they got) elsewhere or after the restart.
 */
@ApplicationScoped
public class EventWatches {

    @Inject
    EventFeed feed;

    private final Set<StreamPump<?>> open = ConcurrentHashMap.newKeySet();

    /** Streams the events after {@code start}'s sequence into {@code call} until the client cancels. */
    <M> void start(ServerCallStreamObserver<M> call, EventQuery start, Function<SpecEvent, M> toMessage) {
        EventFeed.Cursor cursor = feed.follow(start);
        StreamPump<?>[] self = new StreamPump<?>[1];
        StreamPump<M> pump = new StreamPump<>(call, () -> StreamPump.Batch.of(cursor.next().stream().map(toMessage).toList()),
                feed::nextCommit, EventFeed.POLL_INTERVAL, Infrastructure.getDefaultWorkerPool(),
                FailureStatuses::toStatus, () -> open.remove(self[0]));
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
            pump.interrupt(Status.UNAVAILABLE.withDescription("spec-service is shutting down: watch again with "
                    + "after_sequence set to the last sequence received").asRuntimeException());
        }
    }
}
