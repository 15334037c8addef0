package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesAreNearestRankOfTheSortedLatencies() {
        LatencyRecorder r = new LatencyRecorder(4);
        for (int ms = 100; ms >= 1; ms--) {
            r.record(ms * 1_000_000L);
        }
        LatencyRecorder.Stats s = r.stats(1_000_000_000L);
        assertEquals(100, s.count());
        assertEquals(50.0, s.p50Millis(), 1e-9);
        assertEquals(99.0, s.p99Millis(), 1e-9);
    }

    @Test
    void smallSamplesUseTheNearestRank() {
        long[] sorted = {10, 20, 30};
        assertEquals(20, LatencyRecorder.percentile(sorted, 50));
        assertEquals(30, LatencyRecorder.percentile(sorted, 99));
        assertEquals(10, LatencyRecorder.percentile(new long[] {10}, 50));
        assertEquals(10, LatencyRecorder.percentile(new long[] {10, 20}, 50));
        assertEquals(20, LatencyRecorder.percentile(new long[] {10, 20}, 51));
    }

    @Test
    void opsPerSecondIsTheCountOverTheWallTimeOfThePhase() {
        LatencyRecorder r = new LatencyRecorder(1);
        for (int i = 0; i < 500; i++) {
            r.record(4_000_000L);
        }
        // 500 operations in 0.25 s of wall time (several threads) is 2000 ops/s, whatever each took.
        assertEquals(2000.0, r.stats(250_000_000L).opsPerSecond(), 1e-6);
    }

    @Test
    void mergeKeepsEveryWorkersLatencies() {
        LatencyRecorder a = new LatencyRecorder(1);
        LatencyRecorder b = new LatencyRecorder(1);
        a.record(3_000_000L);
        a.record(1_000_000L);
        b.record(2_000_000L);
        LatencyRecorder all = LatencyRecorder.merge(List.of(a, b));
        assertEquals(3, all.count());
        assertEquals(2.0, all.stats(1_000_000_000L).p50Millis(), 1e-9);
    }

    @Test
    void refusesEmptyPhasesAndBadInput() {
        assertThrows(IllegalStateException.class, () -> new LatencyRecorder(1).stats(1));
        assertThrows(IllegalArgumentException.class, () -> new LatencyRecorder(1).record(-1));
        assertThrows(IllegalArgumentException.class, () -> LatencyRecorder.percentile(new long[] {1}, 0));
    }
}
