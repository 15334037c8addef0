package chant.support.git;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "master", "release/2026.1", "chant/2026-01-22-001-x7m.2", "feature_x", "v1@2"})
    void gitBranchNamesPass(String name) {
        assertEquals(Optional.empty(), RefNames.problem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-main", "--upload-pack=x", "a b", "a..b", "a~1", "a^", "a:b", "a?", "a*", "a[1]", "a\\b",
        "/a", "a/", "a//b", "a.", ".hidden", "a/.b", "a.lock", "a/b.lock/c", "a@{1}", "@", "tab\there", "del\u007f"})
    void whatGitRefusesIsRefused(String name) {
        assertTrue(RefNames.problem(name).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "chant/", "work-", "team/chant/"})
    void prefixesThatStartValidNamesPass(String prefix) {
        assertEquals(Optional.empty(), RefNames.prefixProblem(prefix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x/", "/", "a//", "chant/.", "a b/", "x.lock/"})
    void prefixesThatCannotStartAValidNameAreRefused(String prefix) {
        assertTrue(RefNames.prefixProblem(prefix).isPresent(), prefix);
    }
}
