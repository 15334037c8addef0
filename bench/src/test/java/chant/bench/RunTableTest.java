package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunTableTest {

    private static final long MS = 1_000_000;

    @Test
    void samplesGiveTheMedianTheBestAndTheWorst() {
        RunTable.Samples s = RunTable.Samples.of(List.of(30 * MS, 10 * MS, 20 * MS, 40 * MS));
        assertEquals(20.0, s.medianMillis(), 1e-9); // nearest rank: the 2nd of 4
        assertEquals(10.0, s.minMillis(), 1e-9);
        assertEquals(40.0, s.maxMillis(), 1e-9);
        assertEquals(4, s.count());
        assertThrows(IllegalArgumentException.class, () -> RunTable.Samples.of(List.of()));
    }

    @Test
    void theRatioIsHowManyTimesLongerThePlatformTakes() {
        RunTable.Row row = new RunTable.Row("start", RunTable.Samples.of(List.of(450 * MS)),
                RunTable.Samples.of(List.of(300 * MS)));
        assertEquals(1.5, row.ratio(), 1e-9);
    }

    @Test
    void rendersAnAlignedMarkdownTableWithItsNotes() {
        String text = new RunTable("runs", List.of("what the baseline does"))
                .add(new RunTable.Row("start", RunTable.Samples.of(List.of(1_234_500_000L, 2 * 1000 * MS)),
                        RunTable.Samples.of(List.of(300 * MS))))
                .render();
        List<String> lines = text.lines().toList();
        assertEquals("### runs", lines.get(0));
        assertTrue(lines.get(4).startsWith("| start  | 2 |         1,234.5 | 1,234.5 | 2,000.0 |           300.0 |"),
                lines.get(4));
        assertTrue(lines.get(4).endsWith("|     4.12x |"), lines.get(4));
        assertEquals(lines.get(2).length(), lines.get(4).length());
        assertEquals("what the baseline does", lines.get(6));
    }
}
