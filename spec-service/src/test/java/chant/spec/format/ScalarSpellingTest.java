package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.spec.content.FileStyle;
import chant.spec.content.SpecContent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scalars keep the YAML spelling of their file on export: an all-digit short SHA written unquoted
 * (an int in YAML) stays unquoted and a quoted one quoted; quoted and unquoted timestamps stay so;
 * empty lists written in the file are written back.
 */
class ScalarSpellingTest {

    private static String file(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static void assertExportedExactly(String text) {
        assertEquals(text, SpecMarkdown.render(SpecMarkdown.parse(text)));
        Fixtures.assertRoundTrips(text, "spelling");
    }

    @Test
    void shortShasKeepTheirYamlType() {
        String text = file("---", "type: code", "status: completed", "commits:", "- 1234567", "- '7654321'",
                "- \"0123456\"", "- 64e2470", "- 9ce29be", "---", "# T");

        assertExportedExactly(text);
        assertEquals(List.of("1234567", "7654321", "0123456", "64e2470", "9ce29be"), SpecMarkdown.parse(text).commits());
    }

    @Test
    void aFlowListKeepsItsItemsUnquoted() {
        SpecContent spec = SpecMarkdown.parse(file("---", "commits: [1234567]", "---", "# T"));

        assertEquals(file("---", "type: code", "status: pending", "commits:", "- 1234567", "---", "# T"),
                SpecMarkdown.render(spec));
    }

    @Test
    void quotedTimestampsStayQuotedAndUnquotedOnesUnquoted() {
        assertExportedExactly(file("---", "type: code", "status: completed", "completed_at: '2026-02-02T14:32:32Z'",
                "approval:", "  required: true", "  status: approved", "  by: \"bob\"", "  at: '2026-02-02T14:00:00Z'",
                "last_verified: '2026-02-03T10:00:00Z'", "replayed_at: 2026-02-04T10:00:00Z", "---", "# T"));
        assertExportedExactly(file("---", "type: code", "status: completed", "completed_at: 2026-02-02T14:32:32Z",
                "---", "# T"));
    }

    @Test
    void emptyListsWrittenInTheFileAreWrittenBack() {
        String text = file("---", "type: task", "status: pending", "labels: []", "depends_on: []", "---", "# T");

        assertExportedExactly(text);
        assertEquals(file("---", "type: task", "status: pending", "---", "# T"),
                SpecMarkdown.render(SpecMarkdown.parse(text).toBuilder().style(FileStyle.NONE).build()));
    }

    @Test
    void aSpellingFollowsItsTextAndOnlyItsText() {
        SpecContent spec = SpecMarkdown.parse(file("---", "commits:", "- 1234567", "---", "# T"));

        SpecContent edited = spec.toBuilder().commits(List.of("7777777", "1234567")).build();

        assertEquals(file("---", "type: code", "status: pending", "commits:", "- '7777777'", "- 1234567", "---", "# T"),
                SpecMarkdown.render(edited));
    }

    @Test
    void aPlainValueTheEmitterWillNotWritePlainIsWrittenQuotedNeverTagged() {
        SpecContent spec = SpecMarkdown.parse(file("---", "commits:", "- 0123456", "---", "# T"));

        assertEquals(file("---", "type: code", "status: pending", "commits:", "- '0123456'", "---", "# T"),
                SpecMarkdown.render(spec));
    }

    @Test
    void textsThePlatformSpellsTheSameWayLeaveNothingToRemember() {
        SpecContent spec = SpecMarkdown.parse(file("---", "commits:", "- '1234567'", "- 9ce29be", "model: sonnet",
                "completed_at: 2026-02-02T14:32:32Z", "labels: [a]", "---", "# T"));

        assertEquals(FileStyle.NONE, spec.style());
    }
}
