package chant.cli.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {
    private static final String BASE = "---\ntype: code\nlabels:\n- ui\n---\n# Title\n\nBody line.\n\n## Acceptance Criteria\n\n- [ ] a\n";

    @Test
    void changesToDifferentLinesAreBothKept() {
        String yours = BASE.replace("# Title", "# Better title");
        String theirs = BASE.replace("- ui\n", "- ui\n- auth\n");

        ThreeWayMerge.Result merge = ThreeWayMerge.merge(BASE, yours, theirs);

        assertTrue(merge.clean());
        assertEquals(BASE.replace("# Title", "# Better title").replace("- ui\n", "- ui\n- auth\n"), merge.text());
    }

    @Test
    void additionsAtBothEndsAreBothKept() {
        String yours = BASE + "- [ ] b\n";
        String theirs = "<!-- note -->\n" + BASE;

        ThreeWayMerge.Result merge = ThreeWayMerge.merge(BASE, yours, theirs);

        assertTrue(merge.clean());
        assertEquals("<!-- note -->\n" + BASE + "- [ ] b\n", merge.text());
    }

    @Test
    void theSameChangeOnBothSidesIsNoConflict() {
        String both = BASE.replace("Body line.", "Body line, reworded.");

        ThreeWayMerge.Result merge = ThreeWayMerge.merge(BASE, both, both);

        assertTrue(merge.clean());
        assertEquals(both, merge.text());
    }

    @Test
    void differentChangesToTheSameLineConflict() {
        String yours = BASE.replace("Body line.", "Your body.");
        String theirs = BASE.replace("Body line.", "Their body.").replace("- ui\n", "- ui\n- auth\n");

        ThreeWayMerge.Result merge = ThreeWayMerge.merge(BASE, yours, theirs);

        assertFalse(merge.clean());
        assertEquals(List.of(new ThreeWayMerge.Conflict(List.of("Body line.\n"), List.of("Your body.\n"),
                List.of("Their body.\n"))), merge.conflicts());
    }

    @Test
    void aDeletionAgainstAnEditOfTheSameLineConflicts() {
        String yours = BASE.replace("Body line.\n", "");
        String theirs = BASE.replace("Body line.", "Their body.");

        assertFalse(ThreeWayMerge.merge(BASE, yours, theirs).clean());
    }

    @Test
    void changesToAdjacentLinesConflictAsInDiff3() {
        assertFalse(ThreeWayMerge.merge("a\nb\n", "a\nB\n", "A\nb\n").clean());
    }

    @Test
    void aTextWithoutAFinalLineEndKeepsItsEnd() {
        ThreeWayMerge.Result merge = ThreeWayMerge.merge("a\nb\nc", "a\nb\nc\nd", "z\nb\nc");

        assertTrue(merge.clean());
        assertEquals("z\nb\nc\nd", merge.text());
    }
}
