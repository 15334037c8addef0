package chant.spec.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecType;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SpecLintTest {

    private static final String ID = "2026-01-22-001-x7m";
    private static final Set<String> KNOWN = Set.of(ID, "2026-01-21-001-abc", "2026-01-21-002-def");
    private static final String BODY = "# Ingest tides\n\nRead the gauges.\n\n## Acceptance Criteria\n\n- [ ] parsed\n- [x] stored\n";
    private static final SpecContent CLEAN = SpecContent.builder()
            .dependsOn(List.of("2026-01-21-001-abc"))
            .targetFiles(List.of("src/tides.py"))
            .body(BODY)
            .build();

    private static List<Problem> lint(SpecContent.Builder content) {
        return lint(ID, content, KNOWN);
    }

    private static List<Problem> lint(String id, SpecContent.Builder content, Set<String> knownIds) {
        return SpecLint.lint(new LintInput(id, content.build(), knownIds));
    }

    private static String criteria(int count) {
        return "# T\n\n## Acceptance Criteria\n\n" + "- [ ] item\n".repeat(count);
    }

    @Test
    void aCleanSpecHasNoProblems() {
        assertEquals(List.of(), SpecLint.lint(new LintInput(ID, CLEAN, KNOWN)));
    }

    @Nested
    class Errors {

        @Test
        void includeTheSpecRulesWithoutRepeatingThem() {
            List<Problem> problems = lint(CLEAN.toBuilder().body("no title\n\n## Acceptance Criteria\n- [ ] a\n")
                    .labels(List.of("bad label")));

            assertEquals(List.of(
                    Problem.error("labels", "bad label", "label 'bad label' has characters that are not allowed: use"
                            + " ASCII letters and digits, '.', '_', '/' and '-'"),
                    Problem.warning("body", null, "the body has no title: add a '# Title' line (until then the spec"
                            + " is titled by its ID)")), problems);
        }

        @Test
        void reportABlankTitleOnceAsAWarning() {
            List<Problem> problems = lint(CLEAN.toBuilder().body("#  \n\n## Acceptance Criteria\n- [ ] a\n"));

            assertEquals(List.of(Problem.warning("body", null, "the title is blank: add a '# Title' line with text"
                    + " (until then the spec is titled by its ID)")), problems);
        }

        @Test
        void nameEveryUnknownDependency() {
            List<Problem> problems = lint(CLEAN.toBuilder().dependsOn(List.of("2026-01-21-001-abc", "ghost")));

            assertEquals(List.of(Problem.error("depends_on", "ghost", "depends_on names 'ghost', which is not a spec"
                    + " of this project: fix the ID or create that spec first")), problems);
        }

        @Test
        void nameEveryUnknownMember() {
            List<Problem> problems = lint(CLEAN.toBuilder().type(SpecType.GROUP)
                    .members(List.of("2026-01-21-002-def", ID + ".1")));

            assertEquals(List.of(Problem.error("members", ID + ".1", "members names '" + ID + ".1', which is not a"
                    + " spec of this project: fix the ID or remove it from members")), problems);
        }

        @Test
        void flagADecisionWithoutWhoMadeIt() {
            List<Problem> approved = lint(CLEAN.toBuilder()
                    .approval(new Approval(true, ApprovalStatus.APPROVED, null, "2026-01-22T10:00:00Z")));
            List<Problem> rejected = lint(CLEAN.toBuilder()
                    .approval(new Approval(true, ApprovalStatus.REJECTED, " ", null)));

            assertEquals(List.of(Problem.error("approval", "approved",
                    "approval.by is missing: record who approved the spec")), approved);
            assertEquals(List.of(Problem.error("approval", "rejected",
                    "approval.by is missing: record who rejected the spec")), rejected);
        }

        @Test
        void flagARequiredApprovalWithoutStatus() {
            List<Problem> problems = lint(CLEAN.toBuilder().approval(new Approval(true, null, null, null)));

            assertEquals(List.of(Problem.error("approval", null, "approval is required but approval.status is"
                    + " missing: set it to pending")), problems);
        }

        @Test
        void acceptConsistentApprovals() {
            assertEquals(List.of(), lint(CLEAN.toBuilder().approval(Approval.pendingRequired())));
            assertEquals(List.of(), lint(CLEAN.toBuilder()
                    .approval(new Approval(true, ApprovalStatus.APPROVED, "alice", "2026-01-22T10:00:00Z"))));
            assertEquals(List.of(), lint(CLEAN.toBuilder().approval(new Approval(false, null, null, null))));
        }
    }

    @Nested
    class Warnings {

        @Test
        void suggestSplittingMoreThanTenCriteria() {
            assertEquals(List.of(), lint(CLEAN.toBuilder().body(criteria(10))));
            assertEquals(List.of(Problem.warning("body", "11", "the spec has 11 acceptance criteria, more than 10:"
                    + " consider splitting it into a group (chant add --group)")),
                    lint(CLEAN.toBuilder().body(criteria(11))));
        }

        @Test
        void suggestSplittingMoreThanTenTargetFiles() {
            List<String> eleven = IntStream.rangeClosed(1, 11).mapToObj(i -> "src/f" + i + ".py").toList();

            assertEquals(List.of(), lint(CLEAN.toBuilder().targetFiles(eleven.subList(0, 10))));
            assertEquals(List.of(Problem.warning("target_files", "11", "the spec has 11 target files, more than 10:"
                    + " consider splitting it into a group (chant add --group)")),
                    lint(CLEAN.toBuilder().targetFiles(eleven)));
        }

        @Test
        void suggestSplittingABodyOverTwoThousandWords() {
            String base = criteria(1);
            int baseWords = base.strip().split("\\s+").length;
            String atLimit = base + String.join(" ", Collections.nCopies(2_000 - baseWords, "word")) + "\n";

            assertEquals(List.of(), lint(CLEAN.toBuilder().body(atLimit)));
            assertEquals(List.of(Problem.warning("body", "2001", "the body has 2001 words, more than 2000:"
                    + " consider splitting it into a group (chant add --group)")),
                    lint(CLEAN.toBuilder().body(atLimit + "more\n")));
        }

        @Test
        void askAResearchSpecForItsSources() {
            SpecContent.Builder research = CLEAN.toBuilder().type(SpecType.RESEARCH);

            assertEquals(List.of(Problem.warning("informed_by", null, "a research spec has neither informed_by nor"
                    + " origin: list the documents or data it studies")), lint(research));
            assertEquals(List.of(), lint(research.informedBy(List.of("docs/paper.md"))));
            assertEquals(List.of(), lint(CLEAN.toBuilder().type(SpecType.RESEARCH).origin(List.of("data/x.csv"))));
        }

        @Test
        void askForAcceptanceCriteria() {
            assertEquals(List.of(Problem.warning("body", null, "the spec has no acceptance criteria: add a"
                    + " '## Acceptance Criteria' section with '- [ ]' items")),
                    lint(CLEAN.toBuilder().body("# Ingest tides\n\nRead the gauges.\n")));
        }

        @Test
        void doNotAskADriverForAcceptanceCriteria() {
            SpecContent.Builder noCriteria = CLEAN.toBuilder().body("# Coordinate\n");
            Set<String> withMember = Set.of(ID, ID + ".1", "2026-01-21-001-abc");

            assertEquals(List.of(), lint(noCriteria.type(SpecType.DRIVER)));
            assertEquals(List.of(), lint(CLEAN.toBuilder().body("# Coordinate\n").type(SpecType.GROUP)));
            assertEquals(List.of(), lint(ID, CLEAN.toBuilder().body("# Coordinate\n"), withMember));
            assertEquals(List.of(), lint(ID, CLEAN.toBuilder().body("# Coordinate\n").members(List.of(ID + ".1")),
                    withMember));
        }

        @Test
        void areReportedTogetherWithErrors() {
            SpecContent.Builder content = CLEAN.toBuilder().type(SpecType.RESEARCH).body("# R\n")
                    .dependsOn(List.of("ghost"));

            assertEquals(Set.of("depends_on", "informed_by", "body"),
                    lint(content).stream().map(Problem::field).collect(Collectors.toSet()));
        }
    }
}
