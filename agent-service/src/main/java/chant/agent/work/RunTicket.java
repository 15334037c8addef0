package chant.agent.work;

/**
 * The run a runner was started for, as agent-service describes it; {@code logSize} is where its log ends now,
 * {@code kind} whether it works or splits the spec, {@code splitPlan} the members an earlier attempt of a split
 * recorded ("" for none).
 */
public record RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
        String model, int timeoutSeconds, String createdBy, int attempt, long logSize, RunKind kind, String splitPlan) {

    /** A run that works its spec. */
    public RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
            String model, int timeoutSeconds, String createdBy, int attempt, long logSize) {
        this(runId, epoch, project, specId, prompt, provider, model, timeoutSeconds, createdBy, attempt, logSize,
                RunKind.WORK, "");
    }
}
