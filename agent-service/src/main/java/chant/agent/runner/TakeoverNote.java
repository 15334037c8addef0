package chant.agent.runner;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The note a takeover appends to its spec's body: where the checkout is, its branch and base, and
 * what to do next. It goes into the spec (not only the run's log) because the person who continues
 * reads the spec, maybe days later, and chant's own takeover leaves such a note too.
 */
record TakeoverNote(long runId, String specId, String checkout, String branch, String baseCommit, String repoUrl,
        Instant at) {

    static final String HEADING = "## Takeover";

    /** The note as markdown, ending with a newline. */
    String markdown() {
        return HEADING + "\n\n"
                + at.truncatedTo(ChronoUnit.SECONDS) + ": run " + runId + " was taken over. Its agent was stopped;"
                + " nothing was committed or pushed.\n\n"
                + "- Checkout (on the agent-service host): `" + checkout + "`\n"
                + "- Branch: `" + branch + "`, started from `" + baseCommit + "`\n"
                + "- Next: commit the work in the checkout and push the branch to the project's repository (`git push "
                + (repoUrl.isBlank() ? "<repository>" : repoUrl) + " " + branch + "`); then `chant work " + specId
                + "` lets an agent continue from the pushed branch, or finish it by hand. `chant cleanup` removes the"
                + " checkout once its work is pushed.\n";
    }

    /** {@code body} with the note at its end, after a blank line. */
    static String appendTo(String body, TakeoverNote note) {
        String base = body == null ? "" : body.stripTrailing();
        return (base.isEmpty() ? "" : base + "\n\n") + note.markdown();
    }
}
