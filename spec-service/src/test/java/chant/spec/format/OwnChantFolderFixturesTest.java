package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.content.MarkdownBody;
import chant.spec.content.MarkdownBody.Criteria;
import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecRules;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.transfer.ChantFolder;
import chant.spec.transfer.ChantFolder.ConfigEntry;
import chant.spec.transfer.ChantFolder.DocumentEntry;
import chant.spec.transfer.ChantFolder.SpecEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The project's own {@code .chant/} folder and bad spec files, under {@code fixtures/}. */
class OwnChantFolderFixturesTest {

    private static final Path FOLDER = Fixtures.folder("chant-folder");
    private static final Path BAD = Fixtures.folder("bad-specs");

    private static SpecContent spec(String id) {
        return SpecMarkdown.parse(Fixtures.read(FOLDER.resolve("specs/" + id + ".md")));
    }

    @Nested
    class GoodFolder {

        @Test
        void everyFileIsClassified() {
            List<ChantFolder.Entry> entries = Fixtures.files(FOLDER).stream().map(ChantFolder::classify).toList();

            assertEquals(List.of(
                    new SpecEntry("2026-02-18-001-a1b", true, "2026-02-20"),
                    new SpecEntry("2026-02-18-002-c3d", true, "2026-02-20"),
                    new ConfigEntry(),
                    new DocumentEntry("research/cache-eviction-notes.md"),
                    new SpecEntry("2026-03-04-001-k2p.1", false, ""),
                    new SpecEntry("2026-03-04-001-k2p.10", false, ""),
                    new SpecEntry("2026-03-04-001-k2p.2", false, ""),
                    new SpecEntry("2026-03-04-001-k2p", false, ""),
                    new SpecEntry("2026-03-05-001-n7q", false, ""),
                    new SpecEntry("2026-03-05-002-x4r", false, ""),
                    new SpecEntry("2026-03-05-003-d8s", false, ""),
                    new SpecEntry("2026-03-05-004-r3j", false, ""),
                    new SpecEntry("2026-03-05-005-f5m", false, "")), entries);
        }

        @TestFactory
        Stream<DynamicTest> everySpecIsValidAndRoundTrips() {
            return Fixtures.files(FOLDER).stream()
                    .filter(path -> ChantFolder.classify(path) instanceof SpecEntry)
                    .map(path -> DynamicTest.dynamicTest(path, () -> {
                        SpecEntry entry = (SpecEntry) ChantFolder.classify(path);
                        SpecContent spec = Fixtures.assertRoundTrips(Fixtures.read(FOLDER.resolve(path)), path);

                        assertEquals(List.of(), SpecRules.validate(spec), path);
                        assertEquals(List.of(), SpecRules.validateId(entry.id()), path);
                        assertEquals(path, ChantFolder.specPath(entry.id(), entry.archived(), entry.archiveFolder()));
                    }));
        }

        @Test
        void theConfigIsRead() {
            String text = Fixtures.read(FOLDER.resolve("config.md"));

            assertEquals(new ProjectConfig(Optional.of("harbour-tides"), Optional.of("standard"), Optional.of("work/"),
                    Optional.of("trunk"), Optional.empty(), Optional.empty(), text), ProjectConfig.parse(text));
        }

        @Test
        void aSpecWithoutFrontmatterIsPendingCodeWithTheWholeFileAsBody() {
            String text = Fixtures.read(FOLDER.resolve("specs/2026-03-05-001-n7q.md"));
            SpecContent spec = SpecMarkdown.parse(text);

            assertEquals(SpecContent.ofBody(text), spec);
            assertTrue(!text.endsWith("\n") && text.startsWith("\n"), "fixture keeps its odd edges");
            assertEquals(Optional.of("Write the tide service README"), MarkdownBody.title(spec.body()));
        }

        @Test
        void extraFieldsKeepTheirOrderAndNestedValues() {
            SpecContent spec = spec("2026-03-05-002-x4r");

            assertEquals(SpecType.TASK, spec.type());
            assertEquals(SpecStatus.PAUSED, spec.status());
            assertEquals(List.of("ops", "42", "7"), spec.labels());
            assertEquals(List.of("schedule", "retry_state", "public", "replay_count", "ratio", "pr", "output_schema",
                    "superseded_by", "last_verified"), List.copyOf(spec.extraFrontmatter().keySet()));
            Map<?, ?> retryState = (Map<?, ?>) spec.extraFrontmatter().get("retry_state");
            assertEquals(List.of(Map.of("at", "2026-03-05T08:00:00Z", "ok", false),
                    Map.of("at", "2026-03-05T09:00:00Z", "ok", true)), retryState.get("history"));
            assertEquals(Map.of("type", "object", "required", List.of("summary", "risk")),
                    spec.extraFrontmatter().get("output_schema"));
            assertEquals("2026-03-05", spec.extraFrontmatter().get("last_verified"));
            assertEquals(0.75, spec.extraFrontmatter().get("ratio"));
        }

        @Test
        void aSingleDependencyIsAList() {
            assertEquals(List.of("2026-03-04-001-k2p"), spec("2026-03-05-003-d8s").dependsOn());
        }

        @Test
        void aRejectedApprovalIsRead() {
            assertEquals(new Approval(true, ApprovalStatus.REJECTED, "mira", "2026-03-05T16:20:00Z"),
                    spec("2026-03-05-004-r3j").approval());
        }

        @Test
        void theDriverListsItsMembersAndCommitsStayText() {
            assertEquals(List.of("2026-03-04-001-k2p.1", "2026-03-04-001-k2p.2", "2026-03-04-001-k2p.10"),
                    spec("2026-03-04-001-k2p").members());
            assertEquals(List.of("1234567", "0abc9f1"), spec("2026-03-04-001-k2p.1").commits());
            assertEquals(new Criteria(2, 2), MarkdownBody.criteria(spec("2026-03-04-001-k2p.1").body()));
        }

        @Test
        void criteriaAndTitleIgnoreFencedCopies() {
            SpecContent spec = spec("2026-03-05-005-f5m");

            assertTrue(spec.body().startsWith("\n\n# Document"), "leading blank lines are kept");
            assertEquals(Optional.of("Document how specs list their criteria"), MarkdownBody.title(spec.body()));
            assertEquals(new Criteria(4, 1), MarkdownBody.criteria(spec.body()));
        }
    }

    @Nested
    class BadFiles {

        private List<Problem> problemsOf(String name) {
            String text = Fixtures.read(BAD.resolve(name));
            return assertThrows(SpecFormatException.class, () -> SpecMarkdown.parse(text)).problems();
        }

        @Test
        void unknownTypeAndStatusAreBothReported() {
            List<Problem> problems = problemsOf("unknown-type.md");

            assertEquals(List.of(
                    Problem.error("type", "feature", "'feature' is not a spec type (allowed: "
                            + SpecType.allowedValues() + ")").atLine(2),
                    Problem.error("status", "done", "'done' is not a spec status (allowed: "
                            + SpecStatus.allowedValues() + ")").atLine(3)), problems);
        }

        @Test
        void badYamlIsReportedAtItsLine() {
            assertEquals(List.of(Problem.error("frontmatter", null, "invalid YAML: mapping values are not allowed here")
                    .atLine(4)), problemsOf("bad-yaml.md"));
        }

        @Test
        void aBillionLaughsIsRefusedBeforeItExpands() {
            List<Problem> problems = problemsOf("billion-laughs.md");

            assertEquals(1, problems.size());
            assertEquals("frontmatter", problems.get(0).field());
            assertTrue(problems.get(0).message().contains("aliases"), problems.get(0).message());
        }

        @Test
        void pathsLeavingTheRepositoryParseButAreInvalid() {
            SpecContent spec = SpecMarkdown.parse(Fixtures.read(BAD.resolve("path-escape.md")));

            List<Problem> problems = SpecRules.validate(spec);

            assertEquals(List.of("target_files=../secrets/tide-api.key", "target_files=/etc/passwd",
                    "context=docs/../../outside.md"),
                    problems.stream().map(problem -> problem.field() + "=" + problem.value()).toList());
            assertEquals("path '../secrets/tide-api.key' leaves the repository: use a path relative to the"
                    + " repository root without '..'", problems.get(0).message());
        }
    }
}
