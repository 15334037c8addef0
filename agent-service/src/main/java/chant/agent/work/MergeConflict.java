package chant.agent.work;

import java.util.List;
import java.util.Objects;

/**
 * Where a merge-conflict run's rebase stopped: the branch being rebased onto the target, the commit whose
 * replay conflicted, the files that hold conflict markers, and which round of the rebase this is (one round
 * per commit that conflicts).
 */
public record MergeConflict(String branch, String target, String stoppedAt, List<String> files, int round) {

    public MergeConflict {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(target, "target");
        stoppedAt = stoppedAt == null ? "" : stoppedAt;
        files = List.copyOf(files);
    }
}
