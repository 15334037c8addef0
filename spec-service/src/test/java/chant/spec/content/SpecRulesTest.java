package chant.spec.content;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecRulesTest {

    private static final SpecContent VALID = SpecContent.builder()
            .labels(List.of("tides", "v1.2", "team/ops", "a_b-c"))
            .targetFiles(List.of("src/a.py", "a/../b", "./docs/x.md", "src/**/*.rs"))
            .body("# Title\n\ntext\n")
            .build();

    private static List<Problem> problemsWith(SpecContent.Builder spec) {
        return SpecRules.validate(spec.build());
    }

    @Test
    void aValidSpecHasNoProblems() {
        assertEquals(List.of(), SpecRules.validate(VALID));
        assertDoesNotThrow(() -> SpecRules.requireValid(VALID));
    }

    @Nested
    class Body {

        @Test
        void mayHaveNoTitleOrABlankOne() {
            // chant loads such files; lint warns, and the spec is titled by its ID.
            assertEquals(List.of(), problemsWith(VALID.toBuilder().body("text only\n```\n# fenced\n```\n")));
            assertEquals(List.of(), problemsWith(VALID.toBuilder().body("#   \ntext\n")));
        }

        @Test
        void mayBeOneMebibyteOfUtf8() {
            String title = "# T\n";
            String atLimit = title + "x".repeat(SpecRules.MAX_BODY_BYTES - title.length());

            assertEquals(List.of(), problemsWith(VALID.toBuilder().body(atLimit)));
        }

        @Test
        void overOneMebibyteIsAProblemThatSaysTheSizeAndTheLimit() {
            String title = "# T\n";
            String overByOneChar = title + "é".repeat((SpecRules.MAX_BODY_BYTES - title.length()) / 2) + "é";

            Problem problem = problemsWith(VALID.toBuilder().body(overByOneChar)).get(0);

            assertEquals("body", problem.field());
            assertTrue(problem.message().contains("1048578 bytes"), problem.message());
            assertTrue(problem.message().contains("limit of 1048576 bytes"), problem.message());
        }
    }

    @Nested
    class Labels {

        @Test
        void atMostOneHundred() {
            List<String> labels = new ArrayList<>(Collections.nCopies(SpecRules.MAX_LABELS, "x"));
            assertEquals(List.of(), problemsWith(VALID.toBuilder().labels(labels)));

            labels.add("x");
            assertEquals(List.of(Problem.error("labels", "101",
                    "a spec has at most 100 labels, this one has 101: remove some")),
                    problemsWith(VALID.toBuilder().labels(labels)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "colon:x", "hash#", "é", "tab\t"})
        void useOnlyLettersDigitsAndSomePunctuation(String label) {
            List<Problem> problems = problemsWith(VALID.toBuilder().labels(List.of("ok", label)));

            assertEquals(List.of(Problem.error("labels", label, "label '" + label + "' has characters that are not"
                    + " allowed: use ASCII letters and digits, '.', '_', '/' and '-'")), problems);
        }
    }

    @Nested
    class Paths {

        @Test
        void aPathThatClimbsOutOfTheRepositoryIsNamedWithItsField() {
            List<Problem> problems = problemsWith(VALID.toBuilder().informedBy(List.of("../secrets")));

            assertEquals(List.of(Problem.error("informed_by", "../secrets", "path '../secrets' leaves the repository:"
                    + " use a path relative to the repository root without '..'")), problems);
        }

        @ParameterizedTest
        @ValueSource(strings = {"..", "../x", "a/../../x", "a/b/../../../x", "..\\x", "a\\..\\..\\x", "./../x"})
        void climbingOutIsRefused(String path) {
            Problem problem = problemsWith(VALID.toBuilder().targetFiles(List.of(path))).get(0);

            assertTrue(problem.message().contains("leaves the repository"), problem.message());
        }

        @ParameterizedTest
        @ValueSource(strings = {"/etc/passwd", "C:\\x", "c:/x", "\\\\server\\share", "\\x"})
        void absolutePathsAreRefused(String path) {
            Problem problem = problemsWith(VALID.toBuilder().targetFiles(List.of(path))).get(0);

            assertEquals(Problem.error("target_files", path,
                    "path '" + path + "' is absolute: use a path relative to the repository root"), problem);
        }

        @Test
        void emptyPathsAndNulCharactersAreRefused() {
            List<Problem> problems = problemsWith(VALID.toBuilder().targetFiles(List.of("", "a\0b")));

            assertEquals(List.of("the path is empty: use a path relative to the repository root",
                    "the path contains a NUL character: remove it"), problems.stream().map(Problem::message).toList());
        }

        @Test
        void everyPathFieldIsChecked() {
            List<Problem> problems = problemsWith(VALID.toBuilder().targetFiles(List.of("/a"))
                    .informedBy(List.of("/b")).context(List.of("/c")).origin(List.of("/d")).tracks(List.of("/e")));

            assertEquals(List.of("target_files", "informed_by", "context", "origin", "tracks"),
                    problems.stream().map(Problem::field).toList());
        }

        @Test
        void pathsThatStayInsideAreFine() {
            List<Problem> problems = problemsWith(VALID.toBuilder()
                    .context(List.of("a/../b", "a/b/../../c", "a/..", ".chant/research/x.md", "dir/", "weird..name")));

            assertEquals(List.of(), problems);
        }
    }

    @Test
    void requireValidThrowsWithEveryProblem() {
        SpecContent spec = VALID.toBuilder().labels(List.of("bad label")).targetFiles(List.of("/etc/passwd")).build();

        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecRules.requireValid(spec));

        assertEquals(2, e.problems().size());
        assertEquals("labels: label 'bad label' has characters that are not allowed: use ASCII letters and digits,"
                + " '.', '_', '/' and '-'; target_files: path '/etc/passwd' is absolute: use a path relative to the"
                + " repository root", e.getMessage());
    }

    @Nested
    class Ids {

        @ParameterizedTest
        @ValueSource(strings = {"2026-01-22-001-x7m", "2026-01-22-001-x7m.2", "2026-01-22-001-x7m.10.3",
                "001-risky-refactor", "config", "a_b", "A"})
        void chantIdsAndAnyPlainStemAreAccepted(String id) {
            assertEquals(List.of(), SpecRules.validateId(id));
        }

        @Test
        void anIdOfOneHundredCharactersIsTheLongest() {
            assertEquals(List.of(), SpecRules.validateId("a".repeat(100)));
            assertEquals(List.of(Problem.error("id", "a".repeat(101),
                    "the ID is 101 characters long, more than 100: shorten it")), SpecRules.validateId("a".repeat(101)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".hidden", "a..b", "..", "a b", "a/b", "a\\b", "é", "a:b"})
        void otherIdsAreRefused(String id) {
            List<Problem> problems = SpecRules.validateId(id);

            assertEquals(1, problems.size());
            assertEquals("id", problems.get(0).field());
            assertEquals(id, problems.get(0).value());
        }

        @Test
        void aNullIdIsRefused() {
            assertEquals("the ID is empty: name the file after the spec's ID",
                    SpecRules.validateId(null).get(0).message());
        }
    }
}
