package chant.spec.approval;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code ## Approval Discussion} section of a spec body, in chant's line format:
 * {@code **<who>** - <YYYY-MM-DD HH:MM> - APPROVED|REJECTED}, then the reason or comment.
 */
final class ApprovalDiscussion {

    static final String HEADING = "## Approval Discussion";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ApprovalDiscussion() {
    }

    /** The body with one entry appended to its discussion section (created at the end when missing). */
    static String append(String body, String who, OffsetDateTime when, String decision, String text) {
        StringBuilder out = new StringBuilder(body);
        if (!hasSection(body)) {
            ensureBlankLine(out);
            out.append(HEADING).append("\n");
        }
        ensureBlankLine(out);
        out.append("**").append(who).append("** - ").append(when.withOffsetSameInstant(ZoneOffset.UTC).format(MINUTES))
                .append(" - ").append(decision).append("\n");
        if (text != null && !text.isBlank()) {
            out.append("\n").append(text.strip()).append("\n");
        }
        return out.toString();
    }

    private static boolean hasSection(String body) {
        return body.lines().anyMatch(line -> line.strip().equals(HEADING));
    }

    private static void ensureBlankLine(StringBuilder out) {
        if (out.length() == 0) {
            return;
        }
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        if (out.length() < 2 || out.charAt(out.length() - 2) != '\n') {
            out.append('\n');
        }
    }
}
