package chant.agent.run;

import java.util.Set;

/** Which runs a list holds: null or empty means any. */
public record RunFilter(String project, String specId, Set<RunStatus> statuses) {

    /** Names the list for its page tokens: a token of one list is refused by another. */
    public String scope() {
        return "ListRuns\0" + nullToEmpty(project) + "\0" + nullToEmpty(specId) + "\0"
                + (statuses == null ? "" : statuses.stream().map(RunStatus::dbName).sorted().toList());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
