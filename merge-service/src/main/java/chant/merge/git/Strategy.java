package chant.merge.git;

/** How a spec's branch is brought into the target branch. */
public enum Strategy {
    /** chant's default: a fast-forward when the target has not moved since the branch left it, else a merge commit. */
    AUTO,
    /** Only a fast-forward; a target that moved refuses the merge. */
    FAST_FORWARD,
    /** Always a merge commit {@code Merge <branch>}, also when a fast-forward would do. */
    MERGE,
    /** One commit on the target holding the branch's whole change. */
    SQUASH,
    /** The branch's commits replayed onto the target, then a fast-forward. */
    REBASE
}
