package chant.agent.queue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(300));

    @Test
    void theFirstAttemptDoesNotWait() {
        assertEquals(Duration.ZERO, backoff.before(1));
        assertEquals(Duration.ZERO, backoff.before(0));
    }

    @Test
    void retriesDoubleFromTheBase() {
        assertEquals(Duration.ofSeconds(10), backoff.before(2));
        assertEquals(Duration.ofSeconds(20), backoff.before(3));
        assertEquals(Duration.ofSeconds(40), backoff.before(4));
        assertEquals(Duration.ofSeconds(160), backoff.before(6));
    }

    @Test
    void theWaitIsCapped() {
        assertEquals(Duration.ofSeconds(300), backoff.before(7));
        assertEquals(Duration.ofSeconds(300), backoff.before(63));
        assertEquals(Duration.ofSeconds(300), backoff.before(64));
        assertEquals(Duration.ofSeconds(300), backoff.before(Integer.MAX_VALUE));
    }

    @Test
    void aZeroBaseNeverWaits() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ZERO);
        assertEquals(Duration.ZERO, none.before(2));
        assertEquals(Duration.ZERO, none.before(100));
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5)));
    }
}
