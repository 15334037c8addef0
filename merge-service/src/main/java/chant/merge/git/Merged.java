package chant.merge.git;

import java.util.List;
import java.util.Objects;

/**
 * What merging one branch into the target would do, worked out before anything moves: the commit
 * the target would move to, or why it cannot.
 *
 * @param kind        what came of it
 * @param targetAfter the commit the target moves to ({@link Kind#MERGED}); else the target as it is
 * @param mergeCommit the commit that brings the work in: the merge or squash commit, or for a
 *                    fast-forward and a rebase the branch's (new) head; empty unless merged
 * @param conflicts   the conflicting files ({@link Kind#CONFLICT})
 * @param reason      for a person to read: why it was refused, or what conflicted
 */
public record Merged(Kind kind, String targetBefore, String targetAfter, String mergeCommit, List<String> conflicts,
        String reason) {

    /** The outcomes of one branch. */
    public enum Kind {
        /** The target would move to {@code targetAfter}. */
        MERGED,
        /** Every commit of the branch is on the target already: nothing to do, not an error. */
        ALREADY_MERGED,
        /** The branch conflicts with the target; the files are listed. */
        CONFLICT,
        /** The strategy cannot merge it (not a fast-forward, a squash that would hold nothing). */
        REFUSED
    }

    public Merged {
        Objects.requireNonNull(kind, "kind");
        conflicts = List.copyOf(conflicts);
    }

    static Merged merged(String before, String after, String mergeCommit) {
        return new Merged(Kind.MERGED, before, after, mergeCommit, List.of(), "");
    }

    static Merged alreadyMerged(String before) {
        return new Merged(Kind.ALREADY_MERGED, before, before, "", List.of(), "already merged");
    }

    static Merged conflict(String before, List<String> files) {
        return new Merged(Kind.CONFLICT, before, before, "", files, "conflicts in " + String.join(", ", files));
    }

    static Merged refused(String before, String reason) {
        return new Merged(Kind.REFUSED, before, before, "", List.of(), reason);
    }
}
