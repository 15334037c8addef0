package chant.support.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds a server-streaming call from a source that is read in batches, only as fast as the client
 * takes the messages: the way grpc-java's flow-controlled examples do it, with the call's
 * {@link ServerCallStreamObserver#isReady()} and its on-ready handler.
 *
 * <p>A batch is read only while the call is ready; what the call cannot take yet waits in memory
 * (at most one batch) until the call is ready again. So a slow client holds the server to one
 * batch, not to the whole backlog. When the source has nothing new, the pump waits for a wake-up
 * (registered before the read, so none is missed) or the poll interval, whichever comes first, and
 * reads again: a wake-up only says "look".
 *
 * <p>Reads run on the executor, one step at a time: a resume during a step makes the step go round
 * once more instead of starting a second one in parallel.
 *
 * @param <T> the message type
 */
public final class StreamPump<T> {

    /** Where the messages come from. */
    @FunctionalInterface
    public interface Source<T> {
        /** Reads the next messages (blocking is fine: it runs on the executor); an empty batch when there is none now. */
        Batch<T> read();
    }

    /**
     * What one read gave: messages to send, and whether the stream ends after them.
     */
    public record Batch<T>(List<T> messages, boolean last) {
        public Batch {
            messages = List.copyOf(messages);
        }

        public static <T> Batch<T> of(List<T> messages) {
            return new Batch<>(messages, false);
        }
    }

    private final ServerCallStreamObserver<T> call;
    private final Source<T> source;
    private final Supplier<CompletableFuture<Void>> wakeUps;
    private final Duration poll;
    private final Executor executor;
    private final Function<Throwable, Throwable> errors;
    private final Runnable onStop;

    private final AtomicInteger wip = new AtomicInteger();
    /** Read but not sent yet; touched only by steps, which never overlap. */
    private final Deque<T> pending = new ArrayDeque<>();
    private boolean last;
    private volatile boolean stopped;
    private volatile Throwable interruption;
    private volatile CompletableFuture<Void> waiting;
    private volatile boolean waitingForClient;
    private final AtomicBoolean stopDone = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param wakeUps  a new future that completes at the next change of the source (the pump completes it
     *                 itself when it no longer waits, which must release whatever it registered)
     * @param poll     how long to wait for a wake-up before reading anyway (changes made elsewhere)
     * @param errors   turns a failure of the source into what the call is failed with (a status exception)
     * @param onStop   runs once when the pump stops, however it stops
     */
    public StreamPump(ServerCallStreamObserver<T> call, Source<T> source, Supplier<CompletableFuture<Void>> wakeUps,
            Duration poll, Executor executor, Function<Throwable, Throwable> errors, Runnable onStop) {
        this.call = Objects.requireNonNull(call, "call");
        this.source = Objects.requireNonNull(source, "source");
        this.wakeUps = Objects.requireNonNull(wakeUps, "wakeUps");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.onStop = Objects.requireNonNull(onStop, "onStop");
    }

    /** Wires the pump to its call (cancel and on-ready handlers) and takes the first step. */
    public void start() {
        call.setOnCancelHandler(this::cancel);
        call.setOnReadyHandler(this::resume);
        resume();
    }

    /** Takes a step: at the start, and whenever the call becomes ready again. */
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
        stopped = true;
        wakeNow();
        resume();
    }

    /**
     * Ends the call with {@code failure} at the next step (the service is shutting down): the
     * client resumes elsewhere or after the restart.
     */
    public void interrupt(Throwable failure) {
        interruption = failure;
        wakeNow();
        resume();
    }

    public boolean stopped() {
        return stopped;
    }

    /** Whether the last step stopped because the call was not ready: the client reads slower than the source grows. */
    public boolean waitingForClient() {
        return waitingForClient;
    }

    /** How many messages were handed to the call. */
    public long sent() {
        return sent.get();
    }

    /** Whether a step runs or is about to: false while the pump waits for the client or for news. */
    public boolean busy() {
        return wip.get() != 0;
    }

    private void wakeNow() {
        CompletableFuture<Void> w = waiting;
        if (w != null) {
            w.complete(null);
        }
    }

    private void drain() {
        int missed = 1;
        do {
            try {
                step();
            } catch (RuntimeException e) {
                fail(errors.apply(e));
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
            waitingForClient = false;
            while (!pending.isEmpty()) {
                if (!call.isReady()) {
                    waitingForClient = true;
                    return;
                }
                call.onNext(pending.poll());
                sent.incrementAndGet();
            }
            if (last) {
                stop();
                call.onCompleted();
                return;
            }
            if (!call.isReady()) {
                waitingForClient = true;
                return;
            }
            CompletableFuture<Void> wake = wakeUps.get();
            Batch<T> batch;
            try {
                batch = source.read();
            } catch (RuntimeException e) {
                wake.complete(null);
                throw e;
            }
            pending.addAll(batch.messages());
            last = batch.last();
            if (!pending.isEmpty() || last) {
                wake.complete(null);
                continue;
            }
            waiting = wake;
            wake.completeOnTimeout(null, poll.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
                waiting = null;
                resume();
            });
            return;
        }
        stop();
    }

    private void fail(Throwable failure) {
        boolean wasStopped = stopped;
        stop();
        if (!wasStopped) {
            try {
                call.onError(failure);
            } catch (RuntimeException closedAlready) {
                // The call ended meanwhile (cancelled by the client): nobody to tell.
            }
        }
    }

    /** Runs in a step only (it touches {@link #pending}); the first call runs {@code onStop}. */
    private void stop() {
        stopped = true;
        pending.clear();
        wakeNow();
        if (stopDone.compareAndSet(false, true)) {
            onStop.run();
        }
    }
}
