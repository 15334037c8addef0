package chant.agent.log;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends one run's log from an offset to a {@link LogSink}, and with {@code follow} keeps sending new
 * bytes until the run has ended and every byte is sent.
 *
 * <p>It reads only while the sink is ready, a slice of {@link LogFollowers#READ_BUDGET} bytes at a
 * time, and sends it in pieces of at most {@link LogFollowers#PIECE_BYTES}; a sink that is not ready
 * stops it (what is left of the slice is dropped and read again later) until {@link #resume()}. So
 * a slow client holds at most one slice in memory, and the transport's window beyond it.
 *
 * <p>When it has sent everything stored, it waits for a wake-up of {@link LogSignal} (registered
 * before the read, so none is missed) or the poll interval, whichever comes first, and then always
 * reads again from its own offset: a wake-up only says "look", never what to send.
 *
 * <p>Work runs on the executor, one step at a time ({@code wip} counts the requests to run, so that
 * a resume during a step runs another step instead of a second one in parallel).
 */
public final class LogFollower {

    private static final Logger LOG = Logger.getLogger(LogFollower.class);

    private final long runId;
    private final boolean follow;
    private final LogSink sink;
    private final RunLogs logs;
    private final LogSignal signal;
    private final Executor executor;
    private final Duration poll;
    private final Runnable onStop;

    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    /** The next byte to send; only touched by steps, which never overlap. */
    private long next;
    /** Without follow: where the log ended at the first read; the stream ends there. */
    private long until = Long.MAX_VALUE;
    private boolean first = true;
    private volatile boolean stopped;
    private volatile RuntimeException interruption;
    private volatile boolean paused;
    private volatile CompletableFuture<Void> waiting;

    LogFollower(long runId, long offset, boolean follow, LogSink sink, RunLogs logs, LogSignal signal,
            Executor executor, Duration poll, Runnable onStop) {
        this.runId = runId;
        this.next = offset;
        this.follow = follow;
        this.sink = sink;
        this.logs = logs;
        this.signal = signal;
        this.executor = executor;
        this.poll = poll;
        this.onStop = onStop;
    }

    public long runId() {
        return runId;
    }

    /** How many bytes were handed to the sink. */
    public long sent() {
        return sent.get();
    }

    /** Whether the last step stopped because the sink was not ready (the client reads slower than the log grows). */
    public boolean paused() {
        return paused;
    }

    /** Runs a step: at the start, and whenever the sink becomes ready again. */
    public void resume() {
        if (wip.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                drain();
            }
        }
    }

    /** Stops for good (the client went away); sends nothing more. */
    public void cancel() {
        if (!stopped) {
            stopped = true;
            CompletableFuture<Void> w = waiting;
            if (w != null) {
                w.complete(null);
            }
            resume();
        }
    }

    /**
     * Ends the stream with {@code failure} at its next step (the service is shutting down): the
     * client continues from the offset after the last byte it got, here or at another replica.
     */
    void interrupt(RuntimeException failure) {
        interruption = failure;
        CompletableFuture<Void> w = waiting;
        if (w != null) {
            w.complete(null);
        }
        resume();
    }

    private void drain() {
        int missed = 1;
        do {
            try {
                step();
            } catch (RuntimeException e) {
                fail(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() {
        if (stopped) {
            stop();
            return;
        }
        if (interruption != null) {
            fail(interruption);
            return;
        }
        if (waiting != null) {
            return;
        }
        while (!stopped) {
            if (!sink.isReady()) {
                paused = true;
                return;
            }
            paused = false;
            CompletableFuture<Void> wake = follow ? signal.register(runId) : null;
            LogSlice slice;
            try {
                slice = logs.read(runId, next, until, LogFollowers.READ_BUDGET);
            } catch (RuntimeException e) {
                signal.forget(runId, wake);
                throw e;
            }
            if (first) {
                first = false;
                if (!follow) {
                    until = slice.end();
                }
            }
            if (slice.data().length > 0) {
                signal.forget(runId, wake);
                send(slice);
                continue;
            }
            if (!follow || slice.ended() && next >= slice.end()) {
                signal.forget(runId, wake);
                stop();
                sink.complete();
                return;
            }
            waiting = wake;
            wake.completeOnTimeout(null, poll.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
                signal.forget(runId, wake);
                waiting = null;
                resume();
            });
            return;
        }
        stop();
    }

    /** Sends the slice in pieces while the sink is ready; the rest is read again later. */
    private void send(LogSlice slice) {
        byte[] data = slice.data();
        int at = 0;
        while (at < data.length && !stopped) {
            if (at > 0 && !sink.isReady()) {
                paused = true;
                return;
            }
            int length = Math.min(LogFollowers.PIECE_BYTES, data.length - at);
            sink.send(slice.offset() + at, Arrays.copyOfRange(data, at, at + length));
            at += length;
            next = slice.offset() + at;
            sent.addAndGet(length);
        }
    }

    private void fail(RuntimeException e) {
        boolean wasStopped = stopped;
        stop();
        if (wasStopped) {
            LOG.debugf("the log stream of run %d was already stopped: %s", runId, e);
            return;
        }
        try {
            sink.fail(e);
        } catch (RuntimeException again) {
            LOG.debugf("the log stream of run %d could not report %s: %s", runId, e, again);
        }
    }

    private void stop() {
        stopped = true;
        CompletableFuture<Void> w = waiting;
        if (w != null) {
            signal.forget(runId, w);
        }
        onStop.run();
    }
}
