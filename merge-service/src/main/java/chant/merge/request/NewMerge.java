package chant.merge.request;

import chant.merge.git.Strategy;
import java.util.List;

/**
 * What SubmitMerge asks for: the specs (exactly one of {@code specIds}, {@code label} and
 * {@code all}), the target branch ({@code ""} for the project's default), how, and the
 * idempotency key ({@code null} for none); {@code resolve}: conflicts get a merge-conflict run.
 */
public record NewMerge(String project, List<String> specIds, String label, boolean all, String targetBranch,
        Strategy strategy, boolean dryRun, boolean deleteBranch, boolean continueOnError, String requestId,
        boolean resolve) {

    /** A request that leaves conflicts to a person. */
    public NewMerge(String project, List<String> specIds, String label, boolean all, String targetBranch,
            Strategy strategy, boolean dryRun, boolean deleteBranch, boolean continueOnError, String requestId) {
        this(project, specIds, label, all, targetBranch, strategy, dryRun, deleteBranch, continueOnError, requestId,
                false);
    }
}
