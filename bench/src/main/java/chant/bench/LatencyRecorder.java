package chant.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies of the operations of one phase, in nanoseconds. One recorder per worker thread (no
 * sharing while measuring); {@link #merge} joins them when the phase is over. Percentiles are
 * exact: the latencies are sorted and read at their nearest rank.
 */
final class LatencyRecorder {

    private long[] nanos;
    private int count;

    LatencyRecorder(int expected) {
        nanos = new long[Math.max(16, expected)];
    }

    void record(long latencyNanos) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("negative latency " + latencyNanos);
        }
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    static LatencyRecorder merge(List<LatencyRecorder> parts) {
        int total = parts.stream().mapToInt(LatencyRecorder::count).sum();
        LatencyRecorder all = new LatencyRecorder(total);
        for (LatencyRecorder part : parts) {
            System.arraycopy(part.nanos, 0, all.nanos, all.count, part.count);
            all.count += part.count;
        }
        return all;
    }

    /**
     * The phase's figures: operations per second over the phase's wall time (first operation
     * started to last one finished, all workers together), and the median and 99th percentile.
     */
    Stats stats(long wallNanos) {
        if (count == 0) {
            throw new IllegalStateException("no operation was recorded");
        }
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("wall time must be positive: " + wallNanos);
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double opsPerSecond = count / (wallNanos / 1e9);
        return new Stats(count, opsPerSecond, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
    }

    /** Nearest-rank percentile of ascending values: the smallest value with at least p% of all at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    /** Figures of one phase: how many operations, ops/s, p50 and p99 in milliseconds. */
    record Stats(int count, double opsPerSecond, double p50Millis, double p99Millis) {
    }
}
