package chant.agent.queue;

import java.time.Duration;

/**
 * The wait before a retry: {@code base} before the second attempt, doubling with every further
 * attempt, never more than {@code max}.
 */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 <= base <= max, not " + base + " and " + max);
        }
    }

    /** How long attempt {@code attempt} (2 for the first retry) waits before it may be claimed. */
    public Duration before(int attempt) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        int doublings = attempt - 2;
        if (doublings >= 62 || base.isZero()) {
            return base.isZero() ? Duration.ZERO : max;
        }
        long millis = base.toMillis();
        if (millis > (max.toMillis() >> doublings)) {
            return max;
        }
        Duration wait = Duration.ofMillis(millis << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
