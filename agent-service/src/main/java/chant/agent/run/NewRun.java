package chant.agent.run;

/**
 * What EnqueueRun asks for, as sent: {@link Runs#enqueue} checks it. {@code timeoutSeconds} 0
 * means the default; {@code requestId} is null without an idempotency key.
 */
public record NewRun(String project, String specId, String prompt, String provider, String model, int timeoutSeconds,
        String requestId) {
}
