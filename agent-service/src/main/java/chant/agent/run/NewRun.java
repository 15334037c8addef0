package chant.agent.run;

/**
 * What EnqueueRun asks for, as sent: {@link Runs#enqueue} checks it. {@code timeoutSeconds} 0
 * means the default; {@code requestId} is null without an idempotency key; {@code kind} says whether the run works
 * or splits the spec, or resolves its merge conflicts with {@code targetBranch} ("" for other kinds), or verifies
 * a commit for merge-service ({@code verify}, empty for other kinds).
 */
public record NewRun(String project, String specId, String prompt, String provider, String model, int timeoutSeconds,
        String requestId, chant.agent.work.RunKind kind, String targetBranch,
        java.util.Optional<chant.agent.work.VerifyTask> verify) {

    /** A run of {@code kind} against {@code targetBranch} that verifies nothing. */
    public NewRun(String project, String specId, String prompt, String provider, String model, int timeoutSeconds,
            String requestId, chant.agent.work.RunKind kind, String targetBranch) {
        this(project, specId, prompt, provider, model, timeoutSeconds, requestId, kind, targetBranch,
                java.util.Optional.empty());
    }

    /** A run of {@code kind} against no target branch. */
    public NewRun(String project, String specId, String prompt, String provider, String model, int timeoutSeconds,
            String requestId, chant.agent.work.RunKind kind) {
        this(project, specId, prompt, provider, model, timeoutSeconds, requestId, kind, "");
    }

    /** A run that works the spec. */
    public NewRun(String project, String specId, String prompt, String provider, String model, int timeoutSeconds,
            String requestId) {
        this(project, specId, prompt, provider, model, timeoutSeconds, requestId, chant.agent.work.RunKind.WORK);
    }
}
