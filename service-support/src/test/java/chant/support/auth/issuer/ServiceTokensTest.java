package chant.support.auth.issuer;

import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.token.AuthSettings;
import chant.support.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTokensTest {

    @TempDir
    Path keys;
    @TempDir
    Path secrets;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));

    @Test
    void aServiceWithTheKeyDirectoryMintsItsOwnTokenAndRenewsItAtHalfItsLifetime() {
        Map<String, String> config = Map.of("chant.auth.key-dir", keys.toString());
        ServiceTokens tokens = ServiceTokens.from(key -> Optional.ofNullable(config.get(key)), "merge-service", clock);
        String first = tokens.get();
        Principal merge = verifier(config).verify(first);
        assertEquals("merge-service", merge.subject());
        assertEquals(PrincipalKind.SERVICE, merge.kind());

        clock.advance(Duration.ofMinutes(29));
        assertEquals(first, tokens.get(), "the same token while it has more than half its life left");
        clock.advance(Duration.ofMinutes(2));
        String renewed = tokens.get();
        assertNotEquals(first, renewed);
        clock.advance(Duration.ofMinutes(45));
        assertEquals("merge-service", verifier(config).verify(renewed).subject(), "a renewed token outlives the first");
        assertFalse(tokens.toString().contains(first), tokens.toString());
    }

    @Test
    void aTokenFileIsReadAgainWhenItChanges() throws Exception {
        Path file = secrets.resolve("token");
        Files.writeString(file, "first-token\n");
        ServiceTokens tokens = ServiceTokens.from(key -> Optional.ofNullable(
                Map.of(ServiceTokens.TOKEN_FILE_KEY, file.toString()).get(key)), "agent-service", clock);
        assertEquals("first-token", tokens.get());
        Files.writeString(file, "second-token");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals("second-token", tokens.get());
    }

    @Test
    void anEmptyTokenFileOrNoSourceSaysWhatToSet() throws Exception {
        Path file = Files.writeString(secrets.resolve("empty"), "\n");
        ServiceTokens empty = ServiceTokens.from(key -> Optional.ofNullable(
                Map.of(ServiceTokens.TOKEN_FILE_KEY, file.toString()).get(key)), "agent-service", clock);
        String said = assertThrows(IllegalStateException.class, empty::get).getMessage();
        assertTrue(said.contains("is empty"), said);

        String none = assertThrows(IllegalArgumentException.class,
                () -> ServiceTokens.from(key -> Optional.empty(), "agent-service", clock)).getMessage();
        assertTrue(none.contains("chant.auth.key-dir"), none);
    }

    private AuthSettings verifierSettings(Map<String, String> config) {
        return AuthSettings.from(key -> Optional.ofNullable(config.get(key)));
    }

    private chant.support.auth.token.TokenVerifier verifier(Map<String, String> config) {
        return verifierSettings(config).verifier(clock);
    }
}
