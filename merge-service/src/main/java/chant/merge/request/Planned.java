package chant.merge.request;

import java.util.List;

/** An item as submission worked it out, before it is stored. */
record Planned(String specId, String title, String branch, Outcome outcome, String reason, List<String> conflicts,
        String mergeCommit, String targetBefore, String targetAfter) {

    static Planned pending(String specId, String title, String branch) {
        return new Planned(specId, title, branch, Outcome.PENDING, "", List.of(), "", "", "");
    }

    Planned decided(Outcome outcome, String reason, List<String> conflicts) {
        return new Planned(specId, title, branch, outcome, reason, conflicts, mergeCommit, targetBefore, targetAfter);
    }
}
