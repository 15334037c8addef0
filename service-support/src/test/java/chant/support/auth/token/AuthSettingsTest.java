package chant.support.auth.token;

import chant.support.testing.MutableClock;
import chant.support.testing.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthSettingsTest {

    @TempDir
    Path keys;

    @Test
    void localByDefault() {
        AuthSettings settings = settings(Map.of("chant.auth.key-dir", keys.toString()));
        assertEquals(AuthSettings.Source.LOCAL, settings.source());
        assertEquals("chant-local", settings.issuer());
        assertEquals("chant", settings.audience());
        assertEquals(Duration.ofSeconds(30), settings.clockSkew());
        assertEquals("chant_roles", settings.claims().rolesClaim());
        assertEquals(Optional.of(keys.resolve("jwks.json")), settings.jwksFile());
    }

    @Test
    void mistakesNameTheKey() {
        assertMessage(Map.of(), "chant.auth.key-dir is not set: with source=local name the directory");
        assertMessage(Map.of("chant.auth.source", "ldap"), "chant.auth.source is 'ldap': use local or oidc");
        assertMessage(Map.of("chant.auth.source", "oidc"), "chant.auth.issuer is not set: with source=oidc");
        assertMessage(Map.of("chant.auth.key-dir", "/k", "chant.auth.clock-skew-seconds", "soon"),
                "chant.auth.clock-skew-seconds is 'soon': give a whole number of seconds");
        assertMessage(Map.of("chant.auth.key-dir", "/k", "chant.auth.clock-skew-seconds", "3600"),
                "the clock skew PT1H is outside 0 to PT5M");
    }

    @Test
    void withAProviderThePlatformIssuerStillSignsRunTokens() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
        TestTokens platform = TestTokens.in(keys, clock);
        Authenticator authenticator = settings(Map.of("chant.auth.source", "oidc",
                "chant.auth.issuer", "https://idp.example/realms/chant", "chant.auth.key-dir", keys.toString()))
                .authenticator(clock);
        assertTrue(authenticator instanceof TrustedIssuers);
        assertEquals("run:r-1", authenticator.verify(platform.run("r-1", "demo", "s-1")).subject());
        assertThrows(TokenRejectedException.class, () -> authenticator.verify(platform.user("alice", Map.of())));
    }

    private static AuthSettings settings(Map<String, String> config) {
        return AuthSettings.from(key -> Optional.ofNullable(config.get(key)));
    }

    private static void assertMessage(Map<String, String> config, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(config).verifierSettings());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
