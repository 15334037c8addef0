package chant.cli.events;

import chant.v1.SpecEvent;
import chant.v1.WatchSpecEventsRequest;
import chant.v1.WatchSpecEventsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Follows a project's event stream across server restarts. When an established stream fails
 * with UNAVAILABLE it opens a new one after a pause (0.5 s, doubling up to 8 s, back to 0.5 s
 * once a stream reaches the server again) that resumes after the last sequence handed out, so
 * no event is missed or handed out twice. It gives up after 2 minutes without reaching the
 * server. Other errors, and a failure of the very first stream, end the watch at once.
 */
public final class EventWatch {
    public static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    public static final Duration MAX_PAUSE = Duration.ofSeconds(8);
    public static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    /** Opens one stream; {@code onConnected} is run (perhaps many times) once it reaches the server. */
    @FunctionalInterface
    public interface Streams {
        Iterator<WatchSpecEventsResponse> open(WatchSpecEventsRequest request, Runnable onConnected);
    }

    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;

        static Sleeper system() {
            return pause -> TimeUnit.NANOSECONDS.sleep(pause.toNanos());
        }
    }

    /** Where events and reconnect notices go. */
    public interface Listener {
        void event(SpecEvent event);

        /** The stream broke with {@code status}; the next attempt follows after {@code pause}. */
        void reconnecting(Status status, Duration pause, long afterSequence);
    }

    /** No stream reached the server for {@link #GIVE_UP_AFTER}. */
    public static final class GaveUpException extends RuntimeException {
        private final long lastSequence;

        GaveUpException(long lastSequence, StatusRuntimeException cause) {
            super("no connection for " + GIVE_UP_AFTER.toSeconds() + " s", cause);
            this.lastSequence = lastSequence;
        }

        /** The sequence of the last event handed out (or the starting one). */
        public long lastSequence() {
            return lastSequence;
        }
    }

    private final Streams streams;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;

    public EventWatch(Streams streams, Sleeper sleeper, LongSupplier nanoClock) {
        this.streams = streams;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /**
     * Hands every event after {@code request.after_sequence} to the listener until the server
     * ends the stream; returns the last sequence handed out.
     *
     * @throws StatusRuntimeException an error other than UNAVAILABLE, or any error of the first stream
     * @throws GaveUpException        when the server could not be reached again in time
     */
    public long run(WatchSpecEventsRequest request, Listener listener) throws InterruptedException {
        long last = request.getAfterSequence();
        boolean everConnected = false;
        Duration pause = FIRST_PAUSE;
        long outageStart = 0;
        while (true) {
            AtomicBoolean connected = new AtomicBoolean();
            try {
                Iterator<WatchSpecEventsResponse> stream =
                        streams.open(request.toBuilder().setAfterSequence(last).build(), () -> connected.set(true));
                while (stream.hasNext()) {
                    SpecEvent event = stream.next().getEvent();
                    if (event.getSequence() <= last) {
                        continue;
                    }
                    last = event.getSequence();
                    listener.event(event);
                }
                return last;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                long now = nanoClock.getAsLong();
                if (connected.get()) {
                    everConnected = true;
                    outageStart = now;
                    pause = FIRST_PAUSE;
                } else if (!everConnected) {
                    throw e;
                }
                if (now - outageStart >= GIVE_UP_AFTER.toNanos()) {
                    throw new GaveUpException(last, e);
                }
                listener.reconnecting(e.getStatus(), pause, last);
                sleeper.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
