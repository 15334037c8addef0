package chant.merge.git;

import java.util.List;

/**
 * Works out what merging one branch into the target with a strategy gives, in the repository's
 * object store only: the commit the target would move to, or why it cannot. Nothing moves here;
 * the queue moves the remote's target afterwards, by compare-and-swap, to exactly the commit this
 * returned (and, with a verify gate, only once that commit passed).
 */
public final class BranchMerger {

    /** The names a merge's commits are written with. */
    public record Names(String branch, String specId, String title, String requestedBy) {
    }

    private final MergeRepository repository;

    public BranchMerger(MergeRepository repository) {
        this.repository = repository;
    }

    /**
     * Merges {@code branchHead} (the spec's branch as fetched) into {@code target} (the target
     * branch's commit as fetched).
     */
    public Merged merge(String target, String branchHead, Strategy strategy, Names names) {
        // One merge-base answers both questions: the branch is in the target when it is their common
        // ancestor, and the target can fast-forward to the branch when the target is.
        java.util.Optional<String> base = repository.mergeBase(target, branchHead);
        if (base.isPresent() && base.get().equals(branchHead)) {
            return Merged.alreadyMerged(target);
        }
        boolean fastForward = base.isPresent() && base.get().equals(target);
        return switch (strategy) {
            case AUTO -> fastForward ? Merged.merged(target, branchHead, branchHead) : mergeCommit(target, branchHead, names);
            case FAST_FORWARD -> fastForward ? Merged.merged(target, branchHead, branchHead)
                    : Merged.refused(target, "not a fast-forward: the target branch has commits that " + names.branch()
                            + " lacks; merge with strategy merge, squash or rebase instead");
            case MERGE -> mergeCommit(target, branchHead, names);
            case SQUASH -> squash(target, branchHead, names);
            case REBASE -> fastForward ? Merged.merged(target, branchHead, branchHead) : rebase(target, branchHead);
        };
    }

    private Merged mergeCommit(String target, String branchHead, Names names) {
        MergeTree merged = repository.mergeTree(target, branchHead);
        if (!merged.clean()) {
            return Merged.conflict(target, merged.conflicts());
        }
        String commit = repository.commitTree(merged.tree(), List.of(target, branchHead), "Merge " + names.branch()
                + "\n\nSpec " + names.specId() + ": " + names.title() + "\nRequested-by: " + names.requestedBy());
        return Merged.merged(target, commit, commit);
    }

    /**
     * One commit on the target with the merged tree. A squash whose tree equals the target's would
     * hold none of the work (the change is there already by another way): it is refused, never
     * recorded as a merge.
     */
    private Merged squash(String target, String branchHead, Names names) {
        MergeTree merged = repository.mergeTree(target, branchHead);
        if (!merged.clean()) {
            return Merged.conflict(target, merged.conflicts());
        }
        if (merged.tree().equals(repository.treeOf(target))) {
            return Merged.refused(target, "a squash of " + names.branch() + " would hold no change: the target has its "
                    + "changes already (its commits were applied another way); nothing to merge");
        }
        int count = repository.commitsBetween(target, branchHead).size();
        String commit = repository.commitTree(merged.tree(), List.of(target), "chant(" + names.specId() + "): "
                + names.title() + "\n\nSquashed " + count + " commit" + (count == 1 ? "" : "s") + " of " + names.branch()
                + ".\nRequested-by: " + names.requestedBy());
        return Merged.merged(target, commit, commit);
    }

    private Merged rebase(String target, String branchHead) {
        MergeRepository.Rebased rebased = repository.rebase(target, branchHead);
        if (rebased.head().isEmpty()) {
            return Merged.conflict(target, rebased.conflicts());
        }
        String head = rebased.head().get();
        if (head.equals(target)) {
            return Merged.alreadyMerged(target);
        }
        return Merged.merged(target, head, head);
    }
}
