package chant.agent.runner;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The spec file as the agent left it in its checkout, turned into what the spec gets back: the body
 * after its title heading (the frontmatter is the platform's, never taken from the agent), with the
 * agent's final answer appended as {@code ## Agent Output} like chant does.
 */
final class SpecFile {

    /** The longest agent output kept in the spec; the run's log has all of it. */
    static final int OUTPUT_MAX = 8_000;

    private SpecFile() {
    }

    /** The markdown after the title heading of a chant file (after its frontmatter); the whole body without a title. */
    static String bodyAfterTitle(String file) {
        String text = file.replace("\r\n", "\n");
        if (text.startsWith("---\n")) {
            int end = text.indexOf("\n---\n", 3);
            if (end >= 0) {
                text = text.substring(end + "\n---\n".length());
            } else if (text.endsWith("\n---")) {
                text = "";
            }
        }
        int title = text.startsWith("# ") ? 0 : text.indexOf("\n# ");
        if (title < 0) {
            return text;
        }
        int lineEnd = text.indexOf('\n', title == 0 ? 0 : title + 1);
        String rest = lineEnd < 0 ? "" : text.substring(lineEnd + 1);
        return rest.startsWith("\n") ? rest.substring(1) : rest;
    }

    /** {@code body} with an {@code ## Agent Output} section: the time, then the output in a fence, cut to {@link #OUTPUT_MAX}. */
    static String withAgentOutput(String body, String output, Instant at) {
        String shown = output.length() > OUTPUT_MAX
                ? output.substring(0, OUTPUT_MAX) + "\n... (" + (output.length() - OUTPUT_MAX)
                        + " more characters in the run's log)"
                : output;
        String fence = "```";
        while (shown.contains(fence)) {
            fence += "`";
        }
        String base = body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
        return base + "\n## Agent Output\n\n" + at.truncatedTo(ChronoUnit.SECONDS) + "\n\n" + fence + "\n"
                + shown + (shown.endsWith("\n") ? "" : "\n") + fence + "\n";
    }
}
