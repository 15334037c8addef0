package chant.spec.auth;

import chant.support.auth.token.AuthSettings;
import chant.support.failure.PreconditionFailedException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CreateToken with an identity provider: people get their tokens there, not from spec-service. */
class TokenIssuingTest {

    @Test
    void withAnOpenIdConnectProviderNoUserTokensAreMintedHere() {
        AuthSettings oidc = settings(Map.of("chant.auth.source", "oidc", "chant.auth.issuer", "https://idp.example/realms/chant",
                "chant.auth.key-dir", "/var/lib/chant/keys"));

        PreconditionFailedException refused = assertThrows(PreconditionFailedException.class,
                () -> TokenIssuing.requireLocalSource(oidc));

        assertTrue(refused.getMessage().contains("https://idp.example/realms/chant"), refused.getMessage());
        assertTrue(refused.getMessage().contains("chant.auth.source=local"), refused.getMessage());
    }

    @Test
    void withTheLocalIssuerTokensAreMintedHere() {
        assertDoesNotThrow(() -> TokenIssuing.requireLocalSource(settings(Map.of("chant.auth.key-dir", "/var/lib/chant/keys"))));
    }

    private static AuthSettings settings(Map<String, String> config) {
        return AuthSettings.from(key -> Optional.ofNullable(config.get(key)));
    }
}
