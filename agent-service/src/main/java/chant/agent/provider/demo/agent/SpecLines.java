package chant.agent.provider.demo.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * A spec file cut into lines, each knowing where it stands: in the YAML frontmatter, in ordinary
 * markdown, or in a fenced code block ({@code ```} or {@code ~~~}, with the fence's info string).
 * Line numbers are the file's (1-based), so that messages point at the line a person sees.
 *
 * <p>The fence rules are those of spec-service's {@code MarkdownBody}: a fence opens with three or
 * more backticks or tildes and closes with a line of the same character, at least as many, and
 * nothing else; an unclosed fence runs to the end of the file.
 */
final class SpecLines {

    /** Where a line stands. */
    enum Region { FRONTMATTER, TEXT, FENCE_OPEN, FENCE_BODY, FENCE_CLOSE }

    /**
     * One line: its number, text (without the line ending), where it starts and ends in the file
     * (before the ending), its region, and for fence lines the opening fence's info string.
     */
    record Line(int number, String text, int start, int end, Region region, String info) {

        boolean isText() {
            return region == Region.TEXT;
        }
    }

    private SpecLines() {
    }

    static List<Line> split(String file) {
        List<Line> lines = new ArrayList<>();
        // Frontmatter: a first line "---" and a later one; without the closing line there is none.
        boolean frontmatter = file.lines().findFirst().map(l -> l.stripTrailing().equals("---")).orElse(false)
                && hasFrontmatterEnd(file);
        char fenceMarker = 0;
        int fenceLength = 0;
        String info = "";
        int number = 0;
        for (int start = 0; start < file.length(); ) {
            number++;
            int newline = file.indexOf('\n', start);
            int next = newline < 0 ? file.length() : newline + 1;
            int end = newline < 0 ? file.length() : newline;
            if (end > start && file.charAt(end - 1) == '\r') {
                end--;
            }
            String text = file.substring(start, end);
            Region region;
            if (frontmatter) {
                region = Region.FRONTMATTER;
                if (number > 1 && text.stripTrailing().equals("---")) {
                    frontmatter = false;
                }
            } else if (fenceMarker == 0) {
                String stripped = text.stripLeading();
                if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
                    fenceMarker = stripped.charAt(0);
                    fenceLength = run(stripped, fenceMarker);
                    info = stripped.substring(fenceLength).strip();
                    region = Region.FENCE_OPEN;
                } else {
                    region = Region.TEXT;
                }
            } else {
                String stripped = text.strip();
                int length = run(stripped, fenceMarker);
                if (length >= fenceLength && length == stripped.length()) {
                    region = Region.FENCE_CLOSE;
                    fenceMarker = 0;
                } else {
                    region = Region.FENCE_BODY;
                }
            }
            lines.add(new Line(number, text, start, end, region,
                    region == Region.FENCE_OPEN || region == Region.FENCE_BODY || region == Region.FENCE_CLOSE ? info : ""));
            start = next;
        }
        return lines;
    }

    private static boolean hasFrontmatterEnd(String file) {
        for (String line : file.lines().skip(1).toList()) {
            if (line.stripTrailing().equals("---")) {
                return true;
            }
        }
        return false;
    }

    private static int run(String text, char c) {
        int n = 0;
        while (n < text.length() && text.charAt(n) == c) {
            n++;
        }
        return n;
    }
}
