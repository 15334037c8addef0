package chant.cli.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table: a header row and aligned columns separated by two spaces. When a line
 * would be wider than the given width, the columns marked shrinkable give up room (in the
 * order they were marked, down to their minimum) and their cells are cut with "...".
 */
public final class Table {
    static final String SEPARATOR = "  ";
    static final String ELLIPSIS = "...";

    private final List<String> headers;
    private final int[] minWidths;
    private final List<Integer> shrinkOrder = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
        this.minWidths = new int[headers.size()];
    }

    public static Table withHeaders(String... headers) {
        return new Table(List.of(headers));
    }

    /** Lets the column shrink down to {@code minWidth} to fit the width. */
    public Table shrinkable(String header, int minWidth) {
        int column = headers.indexOf(header);
        if (column < 0) {
            throw new IllegalArgumentException("no column " + header);
        }
        minWidths[column] = Math.max(minWidth, ELLIPSIS.length() + 1);
        shrinkOrder.add(column);
        return this;
    }

    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(Table::clean).toArray(String[]::new));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The lines of the table, none wider than {@code maxWidth} if the shrinkable columns allow it. */
    public List<String> render(int maxWidth) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        int total = Arrays.stream(widths).sum() + SEPARATOR.length() * (widths.length - 1);
        for (int column : shrinkOrder) {
            if (total <= maxWidth) {
                break;
            }
            int cut = Math.min(total - maxWidth, Math.max(0, widths[column] - minWidths[column]));
            widths[column] -= cut;
            total -= cut;
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(headers.toArray(String[]::new), widths));
        for (String[] row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(SEPARATOR);
            }
            String cell = fit(cells[i], widths[i]);
            line.append(cell);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cell.length()));
            }
        }
        return line.toString().stripTrailing();
    }

    /** The cell cut to the width, ending in "..." when cut. */
    static String fit(String cell, int width) {
        if (cell.length() <= width) {
            return cell;
        }
        return cell.substring(0, width - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
    }

    private static String clean(String cell) {
        return cell == null ? "" : cell.replaceAll("[\\t\\r\\n]+", " ").strip();
    }
}
