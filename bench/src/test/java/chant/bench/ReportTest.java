package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.bench.LatencyRecorder.Stats;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Stats GRPC = new Stats(1000, 250.0, 4.0, 12.5);
    private static final Stats JDBC = new Stats(1000, 1000.0, 1.0, 2.5);

    @Test
    void ratiosSayHowManyTimesTheBaselineBeatsTheService() {
        Report.Row row = new Report.Row("create", 4, GRPC, JDBC);
        assertEquals(4.0, row.throughputRatio(), 1e-9);
        assertEquals(4.0, row.p50Ratio(), 1e-9);
        assertEquals("4.00x", Report.ratio(row.throughputRatio()));
    }

    @Test
    void rendersAnAlignedTableWithBothPathsTheRatiosAndTheBaselineNote() {
        Report report = new Report("create", "one INSERT per op.");
        report.add(new Report.Row("create", 1, GRPC, JDBC));
        report.add(new Report.Row("create", 16, new Stats(1000, 1234.5, 0.5, 20.0), JDBC));
        String text = report.render();
        List<String> table = Arrays.stream(text.split("\n")).filter(l -> l.startsWith("|")).toList();
        assertEquals(6, table.size(), text);
        int width = table.get(0).length();
        table.forEach(line -> assertEquals(width, line.length(), () -> "misaligned: " + line));
        assertTrue(table.get(2).contains("| gRPC |") && table.get(2).contains("250.0"), table.get(2));
        assertTrue(table.get(3).contains("| JDBC |") && table.get(3).contains("4.00x"), table.get(3));
        assertTrue(table.get(4).contains("1,234.5") && table.get(4).contains("20.000"), table.get(4));
        assertTrue(table.get(5).endsWith(" 0.81x |     0.50x |"), table.get(5));
        assertTrue(text.contains("JDBC baseline: one INSERT per op."), text);
    }
}
