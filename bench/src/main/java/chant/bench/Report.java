package chant.bench;

import chant.bench.LatencyRecorder.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One phase's table: per operation and concurrency a gRPC row and a JDBC baseline row, the
 * baseline row carrying the ratios. Printed as an aligned markdown table, so that it can be
 * pasted into docs/bench.md as it is, followed by what the baseline does.
 */
final class Report {

    static final String[] HEADER = {"operation", "conc", "path", "ops/s", "p50 ms", "p99 ms", "ratio ops/s", "ratio p50"};
    private static final boolean[] RIGHT = {false, true, false, true, true, true, true, true};

    record Row(String operation, int concurrency, Stats grpc, Stats jdbc) {
        /** Baseline ops/s ÷ gRPC ops/s: how many times the raw path's throughput is the service's. */
        double throughputRatio() {
            return jdbc.opsPerSecond() / grpc.opsPerSecond();
        }

        /** gRPC p50 ÷ baseline p50: how many times longer a typical call through the service takes. */
        double p50Ratio() {
            return grpc.p50Millis() / jdbc.p50Millis();
        }
    }

    private final String title;
    private final String baseline;
    private final List<Row> rows = new ArrayList<>();

    Report(String title, String baseline) {
        this.title = title;
        this.baseline = baseline;
    }

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String render() {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Row r : rows) {
            lines.add(new String[] {r.operation(), Integer.toString(r.concurrency()), "gRPC",
                    opsPerSecond(r.grpc()), millis(r.grpc().p50Millis()), millis(r.grpc().p99Millis()), "", ""});
            lines.add(new String[] {r.operation(), Integer.toString(r.concurrency()), "JDBC",
                    opsPerSecond(r.jdbc()), millis(r.jdbc().p50Millis()), millis(r.jdbc().p99Millis()),
                    ratio(r.throughputRatio()), ratio(r.p50Ratio())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        appendLine(out, lines.get(0), widths);
        String[] rule = new String[HEADER.length];
        for (int c = 0; c < rule.length; c++) {
            rule[c] = "-".repeat(Math.max(0, widths[c] - 1)) + (RIGHT[c] ? ":" : "-");
        }
        appendLine(out, rule, widths);
        for (String[] line : lines.subList(1, lines.size())) {
            appendLine(out, line, widths);
        }
        out.append('\n')
                .append("JDBC baseline: ").append(baseline).append('\n')
                .append("ratio ops/s = JDBC ops/s ÷ gRPC ops/s; ratio p50 = gRPC p50 ÷ JDBC p50"
                        + " (both say how many times the raw baseline beats the service).\n");
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        out.append('|');
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(' ').append(RIGHT[c] ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }

    static String opsPerSecond(Stats s) {
        return String.format(Locale.ROOT, "%,.1f", s.opsPerSecond());
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }
}
