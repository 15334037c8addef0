package chant.agent.work;

/**
 * The run a runner was started for, as agent-service describes it; {@code logSize} is where its log ends now,
 * {@code kind} whether it works or splits the spec, {@code splitPlan} the members an earlier attempt of a split
 * recorded ("" for none), {@code targetBranch} the branch a merge-conflict run rebases onto ("" for other kinds).
 */
public record RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
        String model, int timeoutSeconds, String createdBy, int attempt, long logSize, RunKind kind, String splitPlan,
        String targetBranch) {

    /** A run of {@code kind} that rebases onto no target. */
    public RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
            String model, int timeoutSeconds, String createdBy, int attempt, long logSize, RunKind kind,
            String splitPlan) {
        this(runId, epoch, project, specId, prompt, provider, model, timeoutSeconds, createdBy, attempt, logSize, kind,
                splitPlan, "");
    }

    /** A run that works its spec. */
    public RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
            String model, int timeoutSeconds, String createdBy, int attempt, long logSize) {
        this(runId, epoch, project, specId, prompt, provider, model, timeoutSeconds, createdBy, attempt, logSize,
                RunKind.WORK, "", "");
    }
}
