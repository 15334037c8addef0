package chant.spec.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.content.MarkdownBody.Criteria;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MarkdownBodyTest {

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Nested
    class Title {

        @Test
        void isTheFirstLevelOneHeadingTrimmed() {
            assertEquals(Optional.of("Ingest tides"), MarkdownBody.title(lines("", "intro", "#   Ingest tides  ",
                    "# Second heading")));
        }

        @Test
        void ignoresHeadingsInsideFencedCodeBlocks() {
            String body = lines("```markdown", "# Not this", "```", "~~~", "# Nor this", "~~~", "# This one");

            assertEquals(Optional.of("This one"), MarkdownBody.title(body));
        }

        @Test
        void ignoresDeeperHeadingsAndHashesWithoutASpace() {
            assertEquals(Optional.empty(), MarkdownBody.title(lines("## Section", "#hashtag", "text # inline")));
        }

        @Test
        void isEmptyTextForAHeadingWithNothingAfterIt() {
            assertEquals(Optional.of(""), MarkdownBody.title("#   \nbody\n"));
        }

        @Test
        void toleratesCrlf() {
            assertEquals(Optional.of("Windows"), MarkdownBody.title("# Windows\r\nbody\r\n"));
        }
    }

    @Nested
    class WithTitle {

        @Test
        void replacesTheHeadingLineAndKeepsEverythingElse() {
            String body = "\n```\n# fenced\n```\n# Old title\r\n\ntext\n# Later heading\n";

            assertEquals("\n```\n# fenced\n```\n# New title\r\n\ntext\n# Later heading\n",
                    MarkdownBody.withTitle(body, "New title"));
        }

        @Test
        void prependsAHeadingWhenThereIsNone() {
            assertEquals("# New\n\nplain text\n", MarkdownBody.withTitle("plain text\n", "New"));
        }

        @Test
        void replacesAHeadingOnTheLastLineWithoutNewline() {
            assertEquals("# New", MarkdownBody.withTitle("# Old", "New"));
        }

        @Test
        void refusesATitleWithALineBreak() {
            assertThrows(IllegalArgumentException.class, () -> MarkdownBody.withTitle("# Old\n", "a\nb"));
        }
    }

    @Nested
    class NewBody {

        @Test
        void isTheHeadingABlankLineAndTheTextEndingWithANewline() {
            assertEquals("# Title\n\ntext\n", MarkdownBody.newBody("Title", "text"));
            assertEquals("# Title\n\ntext\n", MarkdownBody.newBody("Title", "text\n"));
        }

        @Test
        void isJustTheHeadingForEmptyText() {
            assertEquals("# Title\n", MarkdownBody.newBody("Title", ""));
        }

        @Test
        void hasTheTitleItWasGiven() {
            assertEquals(Optional.of("Title"), MarkdownBody.title(MarkdownBody.newBody("Title", "# not it")));
        }
    }

    @Nested
    class AcceptanceCriteria {

        @Test
        void countsCheckedAndUncheckedItemsOfTheSection() {
            String body = lines("# T", "- [ ] not in the section", "## Acceptance Criteria", "", "- [ ] one",
                    "- [x] two", "- [X] three", "* [ ] four", "* [x] five", "  - [ ] nested six",
                    "- plain item", "-[ ] not an item", "## Next section", "- [x] after the section");

            assertEquals(new Criteria(6, 3), MarkdownBody.criteria(body));
        }

        @Test
        void useTheLastHeadingOutsideFences() {
            String body = lines("## Acceptance Criteria", "- [ ] earlier section", "## Acceptance Criteria",
                    "- [x] the one that counts", "```", "## Acceptance Criteria", "- [ ] fenced", "```");

            assertEquals(new Criteria(1, 1), MarkdownBody.criteria(body));
        }

        @Test
        void deeperHeadingsDoNotEndTheSection() {
            String body = lines("## Acceptance Criteria", "- [ ] a", "### Details", "- [x] b", "#### More",
                    "- [ ] c", "## Done");

            assertEquals(new Criteria(3, 1), MarkdownBody.criteria(body));
        }

        @Test
        void itemsInsideFencesDoNotCount() {
            String body = lines("## Acceptance Criteria", "- [x] real", "````", "- [ ] fenced", "```",
                    "- [ ] still fenced: a shorter fence does not close", "````", "~~~", "- [ ] tilde fenced",
                    "~~~", "- [ ] real again");

            assertEquals(new Criteria(2, 1), MarkdownBody.criteria(body));
        }

        @Test
        void aSectionHeadingInsideAFenceDoesNotEndTheSection() {
            String body = lines("## Acceptance Criteria", "- [ ] a", "```", "## Agent Output", "```", "- [x] b");

            assertEquals(new Criteria(2, 1), MarkdownBody.criteria(body));
        }

        @Test
        void noHeadingMeansNoCriteria() {
            Criteria none = MarkdownBody.criteria(lines("# T", "- [ ] a task list item, not a criterion"));

            assertEquals(new Criteria(0, 0), none);
            assertTrue(none.allChecked());
        }

        @Test
        void reportsWhatIsLeft() {
            Criteria criteria = MarkdownBody.criteria(lines("## Acceptance Criteria", "- [x] a", "- [ ] b"));

            assertEquals(1, criteria.unchecked());
            assertFalse(criteria.allChecked());
        }

        @Test
        void toleratesCrlfAndTrailingSpacesOnTheHeading() {
            String body = "## Acceptance Criteria  \r\n- [x] a\r\n- [ ] b\r\n";

            assertEquals(new Criteria(2, 1), MarkdownBody.criteria(body));
        }
    }
}
