package chant.merge.git;

import java.util.List;

/**
 * What {@code git merge-tree --write-tree} made of two commits: the merged tree, and the files that
 * conflict (none for a clean merge). Nothing in any worktree or ref changed to find it out.
 */
public record MergeTree(String tree, List<String> conflicts) {

    public MergeTree {
        conflicts = List.copyOf(conflicts);
    }

    public boolean clean() {
        return conflicts.isEmpty();
    }
}
