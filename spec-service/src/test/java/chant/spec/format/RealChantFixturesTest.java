package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecRules;
import chant.spec.transfer.ChantFolder;
import chant.spec.transfer.ChantFolder.SpecEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real {@code .chant/} folders from the chant project, in {@code shared/fixtures} next to the
 * checkout (not part of this repository): every spec file under {@code specs/} or
 * {@code archive/} either is accepted (parses, is valid, round-trips) or is refused with problems
 * that name the field and the value. Skipped, with the reason, when the folder is not there.
 */
class RealChantFixturesTest {

    /** chant wrote these itself while its authors used it, so the platform must accept every one. */
    private static final String DOGFOOD = "chant-dogfood-sample/";

    @TestFactory
    Stream<DynamicTest> everySpecIsAcceptedOrRefusedWithFieldAndValue() {
        Path fixtures = sharedFixtures();
        return specPaths(fixtures).stream().map(path -> DynamicTest.dynamicTest(path, () -> {
            List<Problem> problems = problemsOf(Fixtures.read(fixtures.resolve(path)), path);
            for (Problem problem : problems) {
                assertNotNull(problem.field(), path + ": " + problem.describe());
                assertNotNull(problem.value(), path + ": " + problem.describe());
            }
        }));
    }

    @Test
    void chantsOwnSpecsAreAllAcceptedAndOnlyRetiredTypesAreRefused() {
        Path fixtures = sharedFixtures();
        List<String> accepted = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (String path : specPaths(fixtures)) {
            List<Problem> problems = problemsOf(Fixtures.read(fixtures.resolve(path)), path);
            if (problems.isEmpty()) {
                accepted.add(path);
            }
            problems.forEach(problem -> refusals.add(problem.field() + ": " + problem.value()));
        }

        assertTrue(accepted.stream().filter(path -> path.startsWith(DOGFOOD)).count() > 50, accepted.toString());
        assertEquals(List.of(), refusals.stream().filter(refusal -> !refusal.equals("type: implementation")).toList());
        assertFalse(refusals.isEmpty(), "the examples use the retired type 'implementation'");
    }

    /**
     * The problems of a spec file: format problems when it does not parse; otherwise validation
     * problems of its content and ID, and when there are none, the round trip is asserted.
     */
    private static List<Problem> problemsOf(String file, String path) {
        SpecContent spec;
        try {
            spec = SpecMarkdown.parse(file);
        } catch (SpecFormatException e) {
            return e.problems();
        }
        SpecEntry entry = (SpecEntry) ChantFolder.classify(chantRelative(path).orElseThrow());
        List<Problem> problems = new ArrayList<>(SpecRules.validate(spec));
        problems.addAll(SpecRules.validateId(entry.id()));
        if (problems.isEmpty()) {
            Fixtures.assertRoundTrips(file, path);
        }
        return problems;
    }

    /** Paths (relative to the fixtures folder) of the files that are specs of some {@code .chant/} folder. */
    private static List<String> specPaths(Path fixtures) {
        return Fixtures.files(fixtures).stream()
                .filter(path -> chantRelative(path).map(ChantFolder::classify).orElse(null) instanceof SpecEntry)
                .toList();
    }

    /** The part of a path from its {@code specs/} or {@code archive/} folder on: its path inside {@code .chant/}. */
    private static Optional<String> chantRelative(String path) {
        List<String> segments = Arrays.asList(path.split("/"));
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).equals("specs") || segments.get(i).equals("archive")) {
                return Optional.of(String.join("/", segments.subList(i, segments.size())));
            }
        }
        return Optional.empty();
    }

    /** {@code shared/fixtures} in the working directory or a folder above it; skips the test when there is none. */
    private static Path sharedFixtures() {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Optional<Path> found = Stream.iterate(workingDirectory, dir -> dir != null, Path::getParent)
                .map(dir -> dir.resolve("shared").resolve("fixtures"))
                .filter(Files::isDirectory)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "no shared/fixtures folder in or above " + workingDirectory
                + ": the real chant folders are kept next to the checkout, not in it");
        return found.get();
    }
}
