package chant.agent.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The limits, leases and retries of the queue ({@code chant.agent.*}). */
@ApplicationScoped
public class QueueSettings {

    @ConfigProperty(name = "chant.agent.max-active-runs", defaultValue = "4")
    int maxActiveRuns;

    @ConfigProperty(name = "chant.agent.max-active-runs-per-project", defaultValue = "2")
    int maxActiveRunsPerProject;

    @ConfigProperty(name = "chant.agent.lease-seconds", defaultValue = "15")
    int leaseSeconds;

    @ConfigProperty(name = "chant.agent.max-attempts", defaultValue = "3")
    int maxAttempts;

    @ConfigProperty(name = "chant.agent.retry-backoff-seconds", defaultValue = "10")
    int retryBackoffSeconds;

    @ConfigProperty(name = "chant.agent.retry-backoff-max-seconds", defaultValue = "300")
    int retryBackoffMaxSeconds;

    public int maxActiveRuns() {
        return maxActiveRuns;
    }

    public int maxActiveRunsPerProject() {
        return maxActiveRunsPerProject;
    }

    public Duration lease() {
        return Duration.ofSeconds(leaseSeconds);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return new Backoff(Duration.ofSeconds(retryBackoffSeconds), Duration.ofSeconds(retryBackoffMaxSeconds));
    }
}
