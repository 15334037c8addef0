package chant.spec.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the platform reads from and writes into a spec's markdown body: the title (the first
 * {@code # } heading) and the acceptance criteria (checkbox items under the last
 * {@code ## Acceptance Criteria} heading). Lines inside fenced code blocks ({@code ```} or
 * {@code ~~~}) are never headings or criteria.
 */
public final class MarkdownBody {

    private static final String TITLE_PREFIX = "# ";
    private static final String SECTION_PREFIX = "## ";
    private static final String CRITERIA_HEADING = "## Acceptance Criteria";
    private static final Pattern CRITERION = Pattern.compile("^\\s*[-*] \\[([ xX])]");

    /** Checkbox items of the acceptance criteria: how many, and how many are checked. */
    public record Criteria(int total, int checked) {

        public int unchecked() {
            return total - checked;
        }

        public boolean allChecked() {
            return checked == total;
        }
    }

    private MarkdownBody() {
    }

    /** The text of the first {@code # } heading outside code blocks, trimmed; empty when there is none. */
    public static Optional<String> title(String body) {
        return titleLine(body).map(line -> line.text().substring(TITLE_PREFIX.length()).trim());
    }

    /**
     * The body with its title heading replaced by {@code # newTitle} (its line ending kept), or with
     * {@code # newTitle} and a blank line put before it when it has no title.
     *
     * @throws IllegalArgumentException when the title has a line break
     */
    public static String withTitle(String body, String newTitle) {
        String heading = heading(newTitle);
        return titleLine(body)
                .map(line -> body.substring(0, line.start()) + heading + body.substring(line.end()))
                .orElseGet(() -> heading + "\n\n" + body);
    }

    /**
     * A new body: {@code # title}, a blank line and the text, ending with a newline; just
     * {@code # title} and a newline when the text is empty.
     *
     * @throws IllegalArgumentException when the title has a line break
     */
    public static String newBody(String title, String text) {
        String heading = heading(title) + "\n";
        if (text.isEmpty()) {
            return heading;
        }
        return heading + "\n" + text + (text.endsWith("\n") ? "" : "\n");
    }

    /**
     * The checkbox items ({@code - [ ]}, {@code - [x]}, {@code - [X]}, or with {@code *}) from the
     * last {@code ## Acceptance Criteria} heading up to the next {@code ## } heading; deeper
     * headings do not end the section. No such heading: no criteria.
     */
    public static Criteria criteria(String body) {
        List<Criterion> items = criterionItems(body);
        return new Criteria(items.size(), (int) items.stream().filter(Criterion::checked).count());
    }

    /** One acceptance criterion: its text and whether it is checked. */
    public record Criterion(String text, boolean checked) {
    }

    /** The acceptance criteria in order (see {@link #criteria(String)} for which items count). */
    public static List<Criterion> criterionItems(String body) {
        List<Line> lines = Line.split(body);
        int heading = lastCriteriaHeading(lines);
        List<Criterion> items = new java.util.ArrayList<>();
        if (heading < 0) {
            return items;
        }
        for (Line line : lines.subList(heading + 1, lines.size())) {
            if (line.fenced()) {
                continue;
            }
            if (line.text().startsWith(SECTION_PREFIX)) {
                break;
            }
            Matcher item = CRITERION.matcher(line.text());
            if (item.find()) {
                items.add(new Criterion(line.text().substring(item.end()).trim(), !item.group(1).equals(" ")));
            }
        }
        return items;
    }

    private static int lastCriteriaHeading(List<Line> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Line line = lines.get(i);
            if (!line.fenced() && line.text().stripTrailing().equals(CRITERIA_HEADING)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Line> titleLine(String body) {
        return Line.split(body).stream()
                .filter(line -> !line.fenced() && line.text().startsWith(TITLE_PREFIX))
                .findFirst();
    }

    private static String heading(String title) {
        if (title.contains("\n") || title.contains("\r")) {
            throw new IllegalArgumentException("a title is one line: remove the line breaks from '" + title + "'");
        }
        return TITLE_PREFIX + title;
    }

    /**
     * One line of a body: its text without the line ending, where it starts and ends (before the
     * ending), and whether it belongs to a fenced code block (fence lines included).
     */
    private record Line(String text, int start, int end, boolean fenced) {

        static List<Line> split(String body) {
            List<Line> lines = new ArrayList<>();
            Fence open = null;
            for (int start = 0; start < body.length(); ) {
                int newline = body.indexOf('\n', start);
                int next = newline < 0 ? body.length() : newline + 1;
                int end = newline < 0 ? body.length() : newline;
                if (end > start && body.charAt(end - 1) == '\r') {
                    end--;
                }
                String text = body.substring(start, end);
                boolean fenced = open != null;
                if (open == null) {
                    open = Fence.opening(text).orElse(null);
                    fenced = open != null;
                } else if (open.closes(text)) {
                    open = null;
                }
                lines.add(new Line(text, start, end, fenced));
                start = next;
            }
            return lines;
        }
    }

    /** An open code fence: its character ({@code `} or {@code ~}) and how many of them opened it. */
    private record Fence(char marker, int length) {

        static Optional<Fence> opening(String line) {
            String text = line.stripLeading();
            if (!text.startsWith("```") && !text.startsWith("~~~")) {
                return Optional.empty();
            }
            return Optional.of(new Fence(text.charAt(0), run(text, text.charAt(0))));
        }

        /** A closing fence: the same character, at least as many, and nothing else on the line. */
        boolean closes(String line) {
            String text = line.strip();
            return run(text, marker) >= length && run(text, marker) == text.length();
        }

        private static int run(String text, char c) {
            int n = 0;
            while (n < text.length() && text.charAt(n) == c) {
                n++;
            }
            return n;
        }
    }
}
