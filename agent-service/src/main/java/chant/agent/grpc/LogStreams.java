package chant.agent.grpc;

import chant.agent.log.LogFollowers;
import chant.agent.log.LogReader;
import chant.support.failure.UnavailableException;
import chant.support.grpc.FailureStatuses;
import chant.support.grpc.StreamPump;
import chant.v1.LogChunk;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.ServerCallStreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open FollowLog streams: each a {@link StreamPump} over a {@link LogReader}, which reads a
 * slice of the log only when the client can take more. So a slow client holds the service to one
 * slice, and the transport's window beyond it. At shutdown every stream ends with UNAVAILABLE, so
 * that clients continue from the offset after the last byte they got, elsewhere or after the restart.
 */
@ApplicationScoped
public class LogStreams {

    /** One open stream: the run whose log it sends, and its pump. */
    public record LogStream(long runId, StreamPump<LogChunk> pump) {
    }

    @Inject
    LogFollowers followers;

    private final Set<LogStream> open = ConcurrentHashMap.newKeySet();

    /**
     * Streams the log into {@code call}; a negative offset fails at once (INVALID_ARGUMENT).
     * {@code allowed} runs on a worker before the first read and ends the stream with its failure
     * (the caller may not read the run): nothing of the log is sent before it passed.
     */
    void start(ServerCallStreamObserver<LogChunk> call, long runId, long offset, boolean follow, Runnable allowed) {
        LogReader reader = followers.open(runId, offset, follow);
        LogStream[] self = new LogStream[1];
        java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
        StreamPump<LogChunk> pump = new StreamPump<>(call, () -> {
            if (!checked.get()) {
                allowed.run();
                checked.set(true);
            }
            LogReader.Read read = reader.read();
            return new StreamPump.Batch<>(read.pieces().stream().map(piece -> LogChunk.newBuilder()
                    .setOffset(piece.offset()).setData(UnsafeByteOperations.unsafeWrap(piece.data())).build()).toList(),
                    read.last());
        }, reader::nextChange, followers.pollInterval(), Infrastructure.getDefaultWorkerPool(),
                FailureStatuses::toStatus, () -> open.remove(self[0]));
        self[0] = new LogStream(runId, pump);
        open.add(self[0]);
        pump.start();
    }

    /** The streams that have not ended. */
    public List<LogStream> open() {
        return List.copyOf(open);
    }

    void shutdown(@Observes ShutdownEvent event) {
        for (LogStream stream : open()) {
            stream.pump().interrupt(FailureStatuses.toStatus(new UnavailableException("agent-service is shutting down: "
                    + "follow the log of run " + stream.runId() + " again from the offset after the last byte received")));
        }
    }
}
