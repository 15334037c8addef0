package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The claims phase's driver: exactly N claims over the threads, each named runner; the first failure stops it. */
class ClaimsDriveTest {

    @Test
    void makesExactlyTheClaimsAskedForOnEveryThread() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Set<String> runners = ConcurrentHashMap.newKeySet();
        LatencyRecorder.Stats stats = ClaimsBench.drive(103, 4, "test", (worker, runner) -> {
            assertTrue(worker >= 0 && worker < 4);
            runners.add(runner);
            calls.incrementAndGet();
            return 1_000_000L; // 1 ms
        });
        assertEquals(103, calls.get());
        assertEquals(103, stats.count());
        assertEquals(1.0, stats.p50Millis());
        assertEquals(1.0, stats.p99Millis());
        assertTrue(runners.stream().allMatch(r -> r.startsWith("bench-test-")));
    }

    @Test
    void theFirstFailureStopsThePhaseWithItsMessage() {
        AtomicInteger calls = new AtomicInteger();
        BenchException e = assertThrows(BenchException.class, () -> ClaimsBench.drive(50, 1, "test", (worker, runner) -> {
            if (calls.incrementAndGet() == 5) {
                throw new IllegalStateException("ClaimRun found no run");
            }
            return 1L;
        }));
        assertTrue(e.getMessage().contains("test failed: IllegalStateException: ClaimRun found no run"), e.getMessage());
        assertEquals(5, calls.get());
    }
}
