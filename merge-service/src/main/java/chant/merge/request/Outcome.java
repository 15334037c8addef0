package chant.merge.request;

/** What came of one spec of a merge request (the column {@code merge_item.outcome} holds the names). */
public enum Outcome {
    PENDING, MERGED, ALREADY_MERGED, CONFLICT, REFUSED, SKIPPED, MERGEABLE, ARCHIVED, ALREADY_ARCHIVED,
    /** The project's verify command failed on the merge result; the target did not move. */
    VERIFY_FAILED,
    /** Conflicted; a merge-conflict run resolves it and the queue waits for that run (not an end). */
    RESOLVING;

    /** Whether it stops a request that does not continue on errors. */
    public boolean failure() {
        return this == CONFLICT || this == REFUSED || this == VERIFY_FAILED;
    }
}
