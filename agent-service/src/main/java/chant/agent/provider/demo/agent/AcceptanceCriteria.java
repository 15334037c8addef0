package chant.agent.provider.demo.agent;

import chant.agent.provider.demo.agent.SpecLines.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticks acceptance criteria in a spec file: the checkbox items ({@code - [ ]}, {@code * [ ]}, checked
 * with {@code x} or {@code X}) from the last {@code ## Acceptance Criteria} heading outside code
 * blocks up to the next {@code ## } heading; the rules spec-service's {@code MarkdownBody} counts by.
 * Everything else in the file stays as it was, byte for byte.
 */
final class AcceptanceCriteria {

    static final String HEADING = "## Acceptance Criteria";
    private static final Pattern ITEM = Pattern.compile("^\\s*[-*] \\[([ xX])]");

    /**
     * The file after ticking.
     *
     * @param text     the new file
     * @param ticked   how many items changed from unchecked to checked
     * @param total    how many criteria the spec has
     */
    record Ticked(String text, int ticked, int total) {
    }

    private record Item(int bracket, boolean checked, String label) {
    }

    private AcceptanceCriteria() {
    }

    /**
     * Ticks every criterion ({@code number} empty) or the {@code number}-th (1-based); a checked one
     * stays checked.
     *
     * @throws IllegalArgumentException when the spec has no criteria, or fewer than {@code number}
     */
    static Ticked tick(String file, OptionalInt number) {
        List<Item> items = items(file);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the spec has no acceptance criteria (no `- [ ]` items under `" + HEADING + "`)");
        }
        if (number.isPresent() && number.getAsInt() > items.size()) {
            throw new IllegalArgumentException("the spec has " + items.size() + (items.size() == 1 ? " criterion" : " criteria")
                    + ", not " + number.getAsInt());
        }
        List<Item> chosen = number.isPresent() ? List.of(items.get(number.getAsInt() - 1)) : items;
        StringBuilder text = new StringBuilder(file);
        int ticked = 0;
        for (Item item : chosen) {
            if (!item.checked()) {
                text.setCharAt(item.bracket() + 1, 'x');
                ticked++;
            }
        }
        return new Ticked(text.toString(), ticked, items.size());
    }

    /** The label of the {@code number}-th criterion (1-based), for the log. */
    static String label(String file, int number) {
        return items(file).get(number - 1).label();
    }

    private static List<Item> items(String file) {
        List<Line> lines = SpecLines.split(file);
        int heading = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).isText() && lines.get(i).text().stripTrailing().equals(HEADING)) {
                heading = i;
                break;
            }
        }
        List<Item> items = new ArrayList<>();
        if (heading < 0) {
            return items;
        }
        for (Line line : lines.subList(heading + 1, lines.size())) {
            if (!line.isText()) {
                continue;
            }
            if (line.text().startsWith("## ")) {
                break;
            }
            Matcher item = ITEM.matcher(line.text());
            if (item.find()) {
                int bracket = line.start() + item.start(1) - 1;
                items.add(new Item(bracket, !item.group(1).equals(" "), line.text().substring(item.end()).strip()));
            }
        }
        return items;
    }
}
