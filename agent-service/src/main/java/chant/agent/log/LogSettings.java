package chant.agent.log;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How big a run's log may grow, and how often a waiting follower looks for new bytes without a notification. */
@ApplicationScoped
public class LogSettings {

    /** The smallest cap accepted: room for a few lines and the marker. */
    static final long MIN_MAX_BYTES = 1024;

    @ConfigProperty(name = "chant.agent.log-max-bytes", defaultValue = "10485760")
    long maxBytes;

    @ConfigProperty(name = "chant.agent.log-poll-interval", defaultValue = "2s")
    Duration pollInterval;

    /** The most bytes of a run's output its log keeps; the truncation marker comes after them. */
    public long maxBytes() {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalStateException("chant.agent.log-max-bytes is " + maxBytes + ": set at least "
                    + MIN_MAX_BYTES + " (the default is 10485760, 10 MiB)");
        }
        return maxBytes;
    }

    /**
     * How long a follower that is up to date waits for a notification before it reads again anyway:
     * the safety net for notifications lost while the listening connection was down.
     */
    public Duration pollInterval() {
        return pollInterval.isNegative() || pollInterval.isZero() ? Duration.ofSeconds(2) : pollInterval;
    }
}
