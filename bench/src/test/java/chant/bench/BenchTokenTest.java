package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.support.auth.issuer.LocalIssuer;
import chant.support.auth.token.ClaimNames;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's token: CHANT_TOKEN, else a platform admin "bench" minted with the services' local issuer. */
class BenchTokenTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path keys;

    @Test
    void chantTokenIsSentAsItIs() {
        assertEquals("given-token", BenchToken.token(Map.of("CHANT_TOKEN", " given-token\n",
                "CHANT_AUTH_KEY_DIR", keys.toString()), CLOCK));
    }

    @Test
    void withoutItAPlatformAdminBenchIsMintedThatTheIssuersPublicKeyVerifies() throws Exception {
        String token = BenchToken.token(Map.of("CHANT_AUTH_KEY_DIR", keys.toString()), CLOCK);

        SignedJWT jwt = SignedJWT.parse(token);
        ECKey publicKey = JWKSet.load(LocalIssuer.publicKeysFile(keys).toFile()).getKeys().get(0).toECKey();
        assertTrue(jwt.verify(new ECDSAVerifier(publicKey)), "signed with the key in CHANT_AUTH_KEY_DIR");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("bench", claims.getSubject());
        assertEquals(Boolean.TRUE, claims.getBooleanClaim(ClaimNames.PLATFORM_ADMIN));
        assertEquals("chant-local", claims.getIssuer());
        assertEquals(List.of("chant"), claims.getAudience());
        assertEquals(CLOCK.instant().plus(Duration.ofDays(1)), claims.getExpirationTime().toInstant());
    }

    @Test
    void theServicesIssuerAndAudienceSettingsAreFollowed() throws Exception {
        String token = BenchToken.token(Map.of("CHANT_AUTH_KEY_DIR", keys.toString(),
                "CHANT_AUTH_ISSUER", "https://chant.example", "CHANT_AUTH_AUDIENCE", "chant-prod"), CLOCK);

        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals("https://chant.example", claims.getIssuer());
        assertEquals(List.of("chant-prod"), claims.getAudience());
    }

    @Test
    void withNeitherTheBenchSaysWhatToSet() {
        BenchException failure = assertThrows(BenchException.class, () -> BenchToken.token(Map.of(), CLOCK));

        assertEquals("no token to send: set CHANT_TOKEN (a platform admin's token), or CHANT_AUTH_KEY_DIR to the key "
                + "directory of the services' local issuer", failure.getMessage());
    }
}
