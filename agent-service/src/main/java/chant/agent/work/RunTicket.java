package chant.agent.work;

/** The run a runner was started for, as agent-service describes it; {@code logSize} is where its log ends now. */
public record RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
        String model, int timeoutSeconds, String createdBy, int attempt, long logSize) {
}
