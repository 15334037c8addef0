package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Operations from a shared budget (the claims and jobs phases): exactly N over the threads; the first failure stops it. */
class SharedLoadTest {

    @Test
    void makesExactlyTheOperationsAskedForOverTheThreads() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LatencyRecorder.Stats stats = LoadRunner.shared("test", 4, 103, worker -> {
            assertTrue(worker >= 0 && worker < 4);
            calls.incrementAndGet();
            return 1_000_000L; // 1 ms
        }).stats();
        assertEquals(103, calls.get());
        assertEquals(103, stats.count());
        assertEquals(1.0, stats.p50Millis());
        assertEquals(1.0, stats.p99Millis());
    }

    @Test
    void theFirstFailureStopsThePhaseWithItsMessage() {
        AtomicInteger calls = new AtomicInteger();
        BenchException e = assertThrows(BenchException.class, () -> LoadRunner.shared("test", 1, 50, worker -> {
            if (calls.incrementAndGet() == 5) {
                throw new IllegalStateException("ClaimRun found no run");
            }
            return 1L;
        }));
        assertTrue(e.getMessage().contains("test failed: IllegalStateException: ClaimRun found no run"), e.getMessage());
        assertEquals(5, calls.get());
    }
}
