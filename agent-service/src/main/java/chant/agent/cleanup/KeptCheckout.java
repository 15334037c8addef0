package chant.agent.cleanup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A checkout kept under {@code <work-root>/kept/} and what removing it would lose.
 *
 * @param id               its directory name under {@code kept/}: how clients name it
 * @param runId            the run that recorded it as its kept checkout; 0 when none did
 * @param uncommittedFiles files changed and not committed; -1 when they could not be counted
 * @param unpushedCommits  commits of its head that the project's remote lacks; -1 when unknown
 * @param problem          why the counts are unknown; empty when they are known
 */
public record KeptCheckout(String id, Path path, String project, String specId, long runId, Instant keptAt,
        long sizeBytes, String branch, String headCommit, int uncommittedFiles, int unpushedCommits, String problem) {

    /** Nothing would be lost: every file committed, every commit on the remote. */
    public boolean safeToRemove() {
        return uncommittedFiles == 0 && unpushedCommits == 0;
    }

    /** What removing it loses, for a person: "2 uncommitted files, 1 unpushed commit"; "nothing" when safe. */
    public String loss() {
        if (safeToRemove()) {
            return "nothing (its work is on the remote)";
        }
        StringBuilder lost = new StringBuilder();
        lost.append(uncommittedFiles < 0 ? "uncommitted files (not counted)" : count(uncommittedFiles, "uncommitted file"));
        lost.append(", ");
        lost.append(unpushedCommits < 0 ? "unpushed commits (not counted)" : count(unpushedCommits, "unpushed commit"));
        if (!problem.isEmpty()) {
            lost.append(" (").append(problem).append(")");
        }
        return lost.toString();
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
