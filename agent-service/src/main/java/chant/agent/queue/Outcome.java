package chant.agent.queue;

/** How a runner says a run ended. */
public enum Outcome {
    SUCCEEDED, FAILED, RETRYABLE_FAILURE, CANCELLED
}
