package chant.support.auth.token;

import chant.support.auth.PrincipalKind;
import chant.support.auth.RunScope;
import chant.support.auth.token.TokenRejectedException.Reason;
import chant.support.testing.MutableClock;
import chant.support.testing.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With an identity provider for people, the platform's own issuer still signs service and run tokens, and nothing else. */
class TrustedIssuersTest {

    private static final String IDP = "https://idp.example/realms/chant";

    @TempDir
    Path keys;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private TestTokens platform;
    private ECKey idpKey;
    private TrustedIssuers issuers;

    @BeforeEach
    void issuers() throws Exception {
        platform = TestTokens.in(keys, clock);
        idpKey = new ECKeyGenerator(Curve.P_256).keyID("idp-1").generate();
        TokenVerifier idp = new TokenVerifier(new VerifierSettings(IDP, "chant", Duration.ofSeconds(30),
                new ClaimMapping("groups", "chant:", "chant:platform-admin")), JwksCache.fixed(IDP, new JWKSet(idpKey)), clock);
        issuers = new TrustedIssuers(new TrustedIssuers.Trust(idp, Set.of(PrincipalKind.USER, PrincipalKind.SERVICE)),
                new TrustedIssuers.Trust(platform.verifier(), Set.of(PrincipalKind.SERVICE, PrincipalKind.RUN)));
    }

    @Test
    void peopleComeFromTheProviderAndRunsFromThePlatform() throws Exception {
        assertEquals("0c5e", issuers.verify(idp("0c5e", Map.of("groups", List.of("chant:demo:member")))).subject());
        assertEquals(Optional.of(new RunScope("r-1", "demo", "s-1")), issuers.verify(platform.run("r-1", "demo", "s-1")).runScope());
        assertEquals(PrincipalKind.SERVICE, issuers.verify(platform.service("agent-service")).kind());
    }

    @Test
    void theLocalIssuerMintsNoUsersBesideAProvider() {
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> issuers.verify(platform.platformAdmin("root")));
        assertEquals(Reason.WRONG_ISSUER, e.reason());
        assertEquals("a user token of 'chant-local' is not accepted here: user tokens come from '" + IDP + "'", e.getMessage());
    }

    @Test
    void theProviderMintsNoRunTokens() throws Exception {
        String token = idp("x", Map.of("chant_kind", "run", "chant_run", Map.of("run", "r-1", "project", "demo", "spec", "s")));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> issuers.verify(token));
        assertTrue(e.getMessage().startsWith("a run token of '" + IDP + "' is not accepted here"), e.getMessage());
    }

    @Test
    void anUnknownIssuerIsNamedWithTheTrustedOnes() {
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> issuers.verify(platform.otherIssuer("alice")));
        assertEquals("the token was issued by 'https://elsewhere.example', but this service accepts tokens of '" + IDP
                + "' and 'chant-local' only", e.getMessage());
    }

    @Test
    void badTokensKeepTheirOwnReasons() {
        assertEquals(Reason.ALG_NONE, assertThrows(TokenRejectedException.class,
                () -> issuers.verify(platform.algNone("alice"))).reason());
        assertEquals(Reason.MALFORMED, assertThrows(TokenRejectedException.class,
                () -> issuers.verify("not-a-token")).reason());
        assertEquals(Reason.BAD_SIGNATURE, assertThrows(TokenRejectedException.class,
                () -> issuers.verify(platform.foreignSignature("alice"))).reason());
    }

    private String idp(String subject, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(IDP).audience("chant").subject(subject)
                .expirationTime(Date.from(clock.instant().plusSeconds(300)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("idp-1").build(), builder.build());
        jwt.sign(new ECDSASigner(idpKey));
        return jwt.serialize();
    }
}
