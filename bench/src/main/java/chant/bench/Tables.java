package chant.bench;

import java.util.List;

/** Aligned markdown tables with a heading and notes below, ready to paste into docs/bench.md. */
final class Tables {

    private Tables() {
    }

    static String markdown(String title, List<String[]> lines, boolean[] right, List<String> notes) {
        String[] header = lines.get(0);
        int[] widths = new int[header.length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        line(out, header, widths, right);
        String[] rule = new String[header.length];
        for (int c = 0; c < rule.length; c++) {
            rule[c] = "-".repeat(Math.max(0, widths[c] - 1)) + (right[c] ? ":" : "-");
        }
        line(out, rule, widths, right);
        for (String[] line : lines.subList(1, lines.size())) {
            line(out, line, widths, right);
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append(n).append('\n'));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths, boolean[] right) {
        out.append('|');
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(' ').append(right[c] ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }
}
