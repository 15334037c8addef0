package chant.spec.project;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepositoryUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "https://github.com/acme/kv.git", "ssh://git@github.com/acme/kv.git",
            "git@github.com:acme/kv.git", "/srv/git/kv.git", "file:///srv/git/kv.git", "https://example.invalid/a@b.git"})
    void urlsWithoutCredentialsAreFine(String url) {
        assertTrue(RepositoryUrls.problem(url).isEmpty(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://alice:s3cret-Value@github.com/acme/kv.git", "https://ghp_s3cret-Value@github.com/acme/kv.git",
            "http://oauth2:s3cret-Value@gitlab.example/kv.git", "ssh://git:s3cret-Value@host/kv.git"})
    void urlsCarryingCredentialsAreRefusedWithoutRepeatingThem(String url) {
        String problem = RepositoryUrls.problem(url).orElseThrow();
        assertTrue(problem.contains("carries credentials"), problem);
        assertTrue(problem.contains("***@"), problem);
        assertFalse(problem.contains("s3cret-Value"), problem);
    }
}
