package chant.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A table of the run figures: per figure the platform's median, best and worst next to the raw
 * baseline's measured in the same run, and the ratio of the medians (platform ÷ baseline: how many
 * times longer the platform takes). Printed as an aligned markdown table like {@link Report}.
 */
final class RunTable {

    static final String[] HEADER = {"figure", "n", "platform p50 ms", "min", "max", "baseline p50 ms", "min", "max",
        "ratio p50"};

    /** Durations of one figure, in nanoseconds. */
    record Samples(long[] nanos) {
        Samples {
            if (nanos.length == 0) {
                throw new IllegalArgumentException("no samples");
            }
            nanos = nanos.clone();
            Arrays.sort(nanos);
        }

        static Samples of(List<Long> nanos) {
            return new Samples(nanos.stream().mapToLong(Long::longValue).toArray());
        }

        double medianMillis() {
            return LatencyRecorder.percentile(nanos, 50) / 1e6;
        }

        double minMillis() {
            return nanos[0] / 1e6;
        }

        double maxMillis() {
            return nanos[nanos.length - 1] / 1e6;
        }

        int count() {
            return nanos.length;
        }
    }

    /** One figure; {@code baseline} may be null for a step that has no raw counterpart. */
    record Row(String figure, Samples platform, Samples baseline) {
        double ratio() {
            return platform.medianMillis() / baseline.medianMillis();
        }
    }

    private final String title;
    private final List<String> notes;
    private final List<Row> rows = new ArrayList<>();

    RunTable(String title, List<String> notes) {
        this.title = title;
        this.notes = List.copyOf(notes);
    }

    RunTable add(Row row) {
        rows.add(row);
        return this;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String render() {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Row r : rows) {
            Samples b = r.baseline();
            lines.add(new String[] {r.figure(), Integer.toString(r.platform().count()), ms(r.platform().medianMillis()),
                ms(r.platform().minMillis()), ms(r.platform().maxMillis()), b == null ? "" : ms(b.medianMillis()),
                b == null ? "" : ms(b.minMillis()), b == null ? "" : ms(b.maxMillis()),
                b == null ? "" : Report.ratio(r.ratio())});
        }
        return Tables.markdown(title, lines, new boolean[] {false, true, true, true, true, true, true, true, true}, notes);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%,.1f", millis);
    }
}
