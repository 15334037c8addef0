package chant.spec.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.spec.id.ShortIdResolver.Match;
import chant.spec.id.ShortIdRule.Ambiguous;
import chant.spec.id.ShortIdRule.Candidate;
import chant.spec.id.ShortIdRule.NoMatch;
import chant.spec.id.ShortIdRule.Unique;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortIdRuleTest {

    private static final String TODAY = "2026-03-05";

    private static List<Candidate> active(String... ids) {
        return Arrays.stream(ids).map(id -> new Candidate(id, false)).toList();
    }

    @Test
    void theExactIdWinsOverEveryOtherStep() {
        List<Candidate> ids = active("abc", "2026-03-01-001-abc", "x-abc-y");

        assertEquals(new Unique("abc", Match.EXACT), ShortIdRule.match("abc", ids, TODAY));
    }

    @Test
    void aRandomSuffixNamesTheGeneratedIdEndingWithIt() {
        List<Candidate> ids = active("2026-03-01-001-x7m", "2026-03-01-002-k9w", "x7m-notes");

        assertEquals(new Unique("2026-03-01-001-x7m", Match.RANDOM_SUFFIX), ShortIdRule.match("x7m", ids, TODAY));
    }

    @Test
    void aSuffixWithMemberNumbersNamesTheMember() {
        List<Candidate> ids = active("2026-03-01-001-x7m", "2026-03-01-001-x7m.2", "2026-03-01-001-x7m.12");

        assertEquals(new Unique("2026-03-01-001-x7m.2", Match.RANDOM_SUFFIX), ShortIdRule.match("x7m.2", ids, TODAY));
    }

    @Test
    void aSuffixOfSeveralSpecsIsAmbiguousAndListsThemInIdOrder() {
        List<Candidate> ids = active("2026-03-02-001-x7m", "2026-03-01-004-x7m");

        assertEquals(new Ambiguous(List.of("2026-03-01-004-x7m", "2026-03-02-001-x7m"), Match.RANDOM_SUFFIX),
                ShortIdRule.match("x7m", ids, TODAY));
    }

    @Test
    void archivedSpecsAnswerToTheirSuffixButNotToASubstring() {
        List<Candidate> ids = List.of(new Candidate("2026-03-01-001-r4x", true));

        assertEquals(new Unique("2026-03-01-001-r4x", Match.RANDOM_SUFFIX), ShortIdRule.match("r4x", ids, TODAY));
        assertEquals(new NoMatch(), ShortIdRule.match("03-01-001", ids, TODAY));
    }

    @Test
    void aSequenceNamesTodaysSpecOnlyWhenADayIsGiven() {
        List<Candidate> ids = active("2026-03-05-008-k2p", "2026-03-04-008-zzz");

        assertEquals(new Unique("2026-03-05-008-k2p", Match.TODAY_SEQUENCE), ShortIdRule.match("008", ids, TODAY));
        assertEquals(new Ambiguous(List.of("2026-03-04-008-zzz", "2026-03-05-008-k2p"), Match.SUBSTRING),
                ShortIdRule.match("008", ids, null));
    }

    @Test
    void aSubstringNamesActiveSpecsButMembersOnlyWhenItHasADot() {
        List<Candidate> ids = active("2026-01-22-001-x7m", "2026-01-22-001-x7m.1", "2026-01-22-001-x7m.2");

        assertEquals(new Unique("2026-01-22-001-x7m", Match.SUBSTRING), ShortIdRule.match("22-001", ids, TODAY));
        assertEquals(new Unique("2026-01-22-001-x7m.2", Match.SUBSTRING), ShortIdRule.match("01-x7m.2", ids, TODAY));
    }

    @Test
    void aFileStemIsMatchedAsASubstringAndOnlyWhenUnique() {
        List<Candidate> ids = active("003-root-cause", "003-root-cause-notes", "004-sprawl");

        assertEquals(new Unique("004-sprawl", Match.SUBSTRING), ShortIdRule.match("sprawl", ids, null));
        assertEquals(new Ambiguous(List.of("003-root-cause", "003-root-cause-notes"), Match.SUBSTRING),
                ShortIdRule.match("root-cause", ids, null));
    }

    @Test
    void nothingMatchesAnUnknownQuery() {
        assertEquals(new NoMatch(), ShortIdRule.match("005-k9w", active("2026-02-08-008-j3n"), null));
    }
}
