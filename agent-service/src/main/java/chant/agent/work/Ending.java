package chant.agent.work;

/** How a runner ends its run. */
public enum Ending {
    SUCCEEDED,
    FAILED,
    /** Worth another attempt (the machine, not the agent, failed); the service decides whether one is left. */
    RETRYABLE_FAILURE,
    CANCELLED
}
