package chant.agent.queue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** After a start, runners get one lease to reconnect before an expired lease counts as lost. */
class LeaseSweeperTest {

    @Test
    void expiredLeasesAreLostOnlyOnceALeaseHasPassedSinceTheStart() {
        QueueSettings settings = new QueueSettings();
        settings.leaseSeconds = 15;
        LeaseSweeper sweeper = new LeaseSweeper();
        sweeper.settings = settings;
        Instant start = Instant.now();
        sweeper.onStart(null);

        assertFalse(sweeper.leasesMayBeLost(start));
        assertFalse(sweeper.leasesMayBeLost(start.plusSeconds(14)));
        assertTrue(sweeper.leasesMayBeLost(start.plusSeconds(16)));
    }
}
