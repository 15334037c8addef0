package chant.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fixed number of operations on a fixed number of threads and measures each one. The
 * operations are split between the workers (worker w runs indices w, w + threads, ...), or taken
 * from one shared budget ({@link #shared}); all workers start together, and the phase's wall time runs from that start to the last worker's end.
 * The first failure stops every worker and is rethrown: a benchmark with failed operations has no
 * meaningful figures.
 */
final class LoadRunner {

    /** Time a phase may take at most before the run is abandoned. */
    private static final long PHASE_LIMIT_MINUTES = 30;

    /** One operation; {@code worker} is in [0, threads), {@code index} in [0, ops). */
    @FunctionalInterface
    interface Op {
        void run(int worker, int index) throws Exception;
    }

    /** One operation that measures its own part of the work: the latency to record, in nanoseconds. */
    @FunctionalInterface
    interface MeasuredOp {
        long run(int worker) throws Exception;
    }

    record Result(LatencyRecorder latencies, long wallNanos) {
        LatencyRecorder.Stats stats() {
            return latencies.stats(wallNanos);
        }
    }

    private LoadRunner() {
    }

    static Result run(String phase, int threads, int ops, Op op) {
        if (threads < 1 || ops < threads) {
            throw new IllegalArgumentException(phase + ": need at least one operation per thread (threads "
                    + threads + ", ops " + ops + ")");
        }
        return drive(phase, threads, ops / threads + 1, (worker, failure, recorder) -> {
            for (int i = worker; i < ops && failure.get() == null; i += threads) {
                long t0 = System.nanoTime();
                op.run(worker, i);
                recorder.record(System.nanoTime() - t0);
            }
        });
    }

    /**
     * {@code total} operations on {@code threads} threads that take them from one budget (a faster
     * thread does more), each measuring its own part of the work: exactly {@code total} are made.
     */
    static Result shared(String phase, int threads, int total, MeasuredOp op) {
        if (threads < 1 || total < 1) {
            throw new IllegalArgumentException(phase + ": need a thread and an operation (threads " + threads
                    + ", operations " + total + ")");
        }
        AtomicInteger tickets = new AtomicInteger(total);
        return drive(phase, threads, total / threads + 1, (worker, failure, recorder) -> {
            while (failure.get() == null && tickets.getAndDecrement() > 0) {
                recorder.record(op.run(worker));
            }
        });
    }

    /** What one worker thread does until it is done or another failed. */
    private interface Worker {
        void work(int worker, AtomicReference<Throwable> failure, LatencyRecorder recorder) throws Exception;
    }

    /** Starts the workers together, waits for the last (at most the phase limit), rethrows the first failure. */
    private static Result drive(String phase, int threads, int expectedPerThread, Worker body) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        long[] ends = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            LatencyRecorder recorder = new LatencyRecorder(expectedPerThread);
            recorders.add(recorder);
            int worker = w;
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    start.await();
                    body.work(worker, failure, recorder);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    ends[worker] = System.nanoTime();
                }
            }, "bench-" + phase + "-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        long begin;
        try {
            ready.await();
            begin = System.nanoTime();
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(PHASE_LIMIT_MINUTES);
            for (Thread t : workers) {
                long left = deadline - System.nanoTime();
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (t.isAlive()) {
                    failure.compareAndSet(null, new IllegalStateException(
                            "did not finish within " + PHASE_LIMIT_MINUTES + " minutes"));
                    throw new BenchException(phase + " did not finish within " + PHASE_LIMIT_MINUTES + " minutes");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(phase + " was interrupted");
        }
        if (failure.get() != null) {
            throw new BenchException(phase + " failed: " + describe(failure.get()), failure.get());
        }
        long end = 0;
        for (long e : ends) {
            end = Math.max(end, e);
        }
        return new Result(LatencyRecorder.merge(recorders), end - begin);
    }

    /** "IllegalStateException: why", or a gRPC failure as "CODE description". */
    static String describe(Throwable e) {
        if (e instanceof io.grpc.StatusRuntimeException s) {
            return s.getStatus().getCode() + (s.getStatus().getDescription() == null ? ""
                    : " " + s.getStatus().getDescription());
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
