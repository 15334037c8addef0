package chant.cli.run;

import chant.cli.Timing;
import chant.v1.FollowLogRequest;
import chant.v1.LogChunk;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a run's log with FollowLog and hands on its bytes, each exactly once and in order. When a
 * stream fails with UNAVAILABLE (agent-service restarted or lost its database) it opens a new one
 * after a pause (0.5 s, doubling up to 8 s, back to 0.5 s once a stream reaches the service
 * again) from the offset after the last byte handed on. It gives up after 2 minutes in which no
 * stream reached the service. Other errors end it at once.
 */
final class LogFollow {
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration MAX_PAUSE = Duration.ofSeconds(8);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    /** Opens one stream; {@code onConnected} is run (perhaps many times) once it reaches the service. */
    @FunctionalInterface
    interface Streams {
        Iterator<LogChunk> open(FollowLogRequest request, Runnable onConnected);
    }

    /** Where the bytes and the reconnect notices go. */
    interface Listener {
        void bytes(ByteString data);

        /** The stream broke with {@code status}; the next one starts at {@code offset} after {@code pause}. */
        void reconnecting(Status status, Duration pause, long offset);
    }

    /** No stream reached agent-service for {@link #GIVE_UP_AFTER}. */
    static final class GaveUpException extends RuntimeException {
        private final long offset;

        GaveUpException(long offset, StatusRuntimeException cause) {
            super("no connection for " + GIVE_UP_AFTER.toSeconds() + " s", cause);
            this.offset = offset;
        }

        /** The offset after the last byte handed on. */
        long offset() {
            return offset;
        }
    }

    private final Streams streams;
    private final Timing timing;

    LogFollow(Streams streams, Timing timing) {
        this.streams = streams;
        this.timing = timing;
    }

    /**
     * Hands on the log of {@code request.run_id} from {@code request.offset} until a stream
     * completes (with {@code follow}: the run has ended and every byte is sent); returns the offset
     * after the last byte.
     *
     * @throws StatusRuntimeException an error other than UNAVAILABLE
     * @throws GaveUpException        when agent-service could not be reached again in time
     */
    long run(FollowLogRequest request, Listener listener) throws InterruptedException {
        long next = request.getOffset();
        Duration pause = FIRST_PAUSE;
        long outageStart = timing.nanoTime();
        while (true) {
            AtomicBoolean connected = new AtomicBoolean();
            try {
                Iterator<LogChunk> stream =
                        streams.open(request.toBuilder().setOffset(next).build(), () -> connected.set(true));
                while (stream.hasNext()) {
                    LogChunk chunk = stream.next();
                    long end = chunk.getOffset() + chunk.getData().size();
                    if (end <= next) {
                        continue;
                    }
                    ByteString data = chunk.getOffset() < next
                            ? chunk.getData().substring((int) (next - chunk.getOffset())) : chunk.getData();
                    listener.bytes(data);
                    next = end;
                }
                return next;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                long now = timing.nanoTime();
                if (connected.get()) {
                    outageStart = now;
                    pause = FIRST_PAUSE;
                }
                if (now - outageStart >= GIVE_UP_AFTER.toNanos()) {
                    throw new GaveUpException(next, e);
                }
                listener.reconnecting(e.getStatus(), pause, next);
                timing.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
