package chant.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsWithoutTrailingSpaces() {
        List<String> lines = Table.withHeaders("ID", "TITLE", "LABELS")
                .row("a-1", "First", "")
                .row("b-22", "Second one", "x,y")
                .render(100);

        assertEquals(List.of(
                "ID    TITLE       LABELS",
                "a-1   First",
                "b-22  Second one  x,y"), lines);
    }

    @Test
    void shrinksTheShrinkableColumnToTheWidth() {
        String title = "A very long title that certainly does not fit into forty characters";
        List<String> lines = Table.withHeaders("ID", "TITLE", "LABELS")
                .shrinkable("TITLE", 10)
                .row("2026-01-22-001-x7m", title, "ui")
                .render(40);

        assertEquals("2026-01-22-001-x7m  A very lo...  ui", lines.get(1));
        lines.forEach(line -> assertTrue(line.length() <= 40, line));
    }

    @Test
    void shrinksColumnsInTheOrderTheyWereMarkedDownToTheirMinimum() {
        List<String> lines = Table.withHeaders("TITLE", "LABELS")
                .shrinkable("TITLE", 8)
                .shrinkable("LABELS", 6)
                .row("abcdefghijklmnop", "one,two,three")
                .render(16);

        assertEquals("abcde...  one...", lines.get(1));
    }

    @Test
    void keepsCellsOnOneLine() {
        List<String> lines = Table.withHeaders("TITLE").row("two\nlines\tand a tab").render(100);

        assertEquals("two lines and a tab", lines.get(1));
    }

    @Test
    void fitCutsWithAnEllipsis() {
        assertEquals("abc", Table.fit("abc", 3));
        assertEquals("a...", Table.fit("abcdef", 4));
    }
}
