package chant.agent.work;

import java.util.List;
import java.util.Objects;

/**
 * What a run reports to its spec when it ends: the spec's new body (criteria ticked, notes and the
 * agent's output), the commits and branch of the work, and where the spec goes and why.
 *
 * @param body        the new body after the title heading; null to keep the stored one
 * @param completedAt ISO-8601 time of the end when the spec completes; empty otherwise
 * @param replaceCommits whether {@code commits} replace the spec's (a rebased branch) instead of adding to them
 */
public record SpecResult(long runId, String project, String specId, String body, List<String> commits, String branch,
        String completedAt, String model, SpecEnd end, String reason, boolean replaceCommits) {

    /** A result whose commits add to the spec's. */
    public SpecResult(long runId, String project, String specId, String body, List<String> commits, String branch,
            String completedAt, String model, SpecEnd end, String reason) {
        this(runId, project, specId, body, commits, branch, completedAt, model, end, reason, false);
    }

    public SpecResult {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(end, "end");
        commits = List.copyOf(commits);
        branch = Objects.requireNonNullElse(branch, "");
        completedAt = Objects.requireNonNullElse(completedAt, "");
        model = Objects.requireNonNullElse(model, "");
        reason = Objects.requireNonNullElse(reason, "");
    }

    /** This result as the result of run {@code runId} of {@code specId} in {@code project}. */
    public SpecResult forRun(long runId, String project, String specId) {
        return new SpecResult(runId, project, specId, body, commits, branch, completedAt, model, end, reason,
                replaceCommits);
    }
}
