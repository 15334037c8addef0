package chant.agent.work;

/**
 * The run a runner was started for, as agent-service describes it; {@code logSize} is where its log ends now,
 * {@code kind} whether it works or splits the spec, {@code splitPlan} the members an earlier attempt of a split
 * recorded ("" for none), {@code targetBranch} the branch a merge-conflict run rebases onto ("" for other kinds),
 * {@code verify} what a verify run verifies (empty for other kinds).
 */
public record RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
        String model, int timeoutSeconds, String createdBy, int attempt, long logSize, RunKind kind, String splitPlan,
        String targetBranch, java.util.Optional<VerifyTask> verify) {

    /** A run that verifies nothing. */
    public RunTicket(long runId, long epoch, String project, String specId, String prompt, String provider,
            String model, int timeoutSeconds, String createdBy, int attempt, long logSize, RunKind kind, String splitPlan,
            String targetBranch) {
        this(runId, epoch, project, specId, prompt, provider, model, timeoutSeconds, createdBy, attempt, logSize, kind,
                splitPlan, targetBranch, java.util.Optional.empty());
    }

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
