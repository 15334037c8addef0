package chant.spec.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs tasks on several threads at once, as concurrent clients would. */
final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code task(i)} for i = 0 .. threads * perThread - 1, thread t taking the indices
     * t * perThread .. (t + 1) * perThread - 1 in order; returns the non-null results. A failure of
     * any task fails the call.
     */
    static List<String> run(int threads, int perThread, IntFunction<String> task) throws Exception {
        return run(threads, perThread, task, () -> { });
    }

    /** As {@link #run(int, int, IntFunction)}, calling {@code started} once every thread has been submitted. */
    static List<String> run(int threads, int perThread, IntFunction<String> task, Runnable started) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < first + perThread; i++) {
                        String result = task.apply(i);
                        if (result != null) {
                            results.add(result);
                        }
                    }
                    return null;
                }));
            }
            started.run();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return results.stream().filter(Objects::nonNull).toList();
    }
}
