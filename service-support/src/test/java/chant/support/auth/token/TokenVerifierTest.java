package chant.support.auth.token;

import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.auth.token.TokenRejectedException.Reason;
import chant.support.testing.MutableClock;
import chant.support.testing.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal of the verifier has its own reason and message, and no message repeats the token. */
class TokenVerifierTest {

    @TempDir
    Path keys;

    /** Made once: RSA keys take seconds to make on a slow JIT. */
    private static final RSAKey RSA;

    static {
        try {
            RSA = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private TestTokens tokens;
    private TokenVerifier verifier;

    @BeforeEach
    void issuer() {
        tokens = TestTokens.in(keys, clock);
        verifier = tokens.verifier();
    }

    @Test
    void aValidUserTokenStandsForItsSubjectAndRoles() {
        Principal alice = verifier.verify(tokens.user("alice", Map.of("demo", Role.APPROVER, "other", Role.VIEWER)));
        assertEquals("alice", alice.subject());
        assertEquals(PrincipalKind.USER, alice.kind());
        assertEquals(Map.of("demo", Role.APPROVER, "other", Role.VIEWER), alice.projectRoles());
        assertFalse(alice.platformAdmin());
        assertTrue(alice.tokenId().isPresent(), "every minted token has a jti");
    }

    @Test
    void serviceRunAndAdminTokensKeepTheirKind() {
        assertEquals(PrincipalKind.SERVICE, verifier.verify(tokens.service("merge-service")).kind());
        assertTrue(verifier.verify(tokens.platformAdmin("root")).platformAdmin());
        Principal runner = verifier.verify(tokens.run("r-17", "demo", "2026-12-04-001-abc"));
        assertEquals(Optional.of(new RunScope("r-17", "demo", "2026-12-04-001-abc")), runner.runScope());
        assertEquals(Map.of(), runner.projectRoles());
    }

    @Test
    void noToken() {
        assertRefused(Reason.MISSING, "", "empty");
    }

    @Test
    void notAJwt() {
        assertRefused(Reason.MALFORMED, "hello.world", "not a JWT");
    }

    @Test
    void expired() {
        String token = tokens.expired("alice", Duration.ofMinutes(5));
        assertRefused(Reason.EXPIRED, token, "expired at 2026-12-04T07:55:00Z");
    }

    @Test
    void expiryWithinTheClockSkewIsAccepted() {
        String token = tokens.user("alice", Map.of());
        clock.advance(TestTokens.TTL.plusSeconds(20)); // the default skew is 30 s
        assertEquals("alice", verifier.verify(token).subject());
        clock.advance(Duration.ofSeconds(11));
        assertRefused(Reason.EXPIRED, token, "expired");
    }

    @Test
    void notYetValid() {
        String token = tokens.user("alice", Map.of());
        clock.advance(Duration.ofMinutes(-5));
        assertRefused(Reason.NOT_YET_VALID, token, "not valid before 2026-12-04T08:00:00Z");
    }

    @Test
    void wrongIssuer() {
        assertRefused(Reason.WRONG_ISSUER, tokens.otherIssuer("alice"),
                "issued by 'https://elsewhere.example', but this service accepts tokens of 'chant-local' only");
    }

    @Test
    void wrongAudience() {
        assertRefused(Reason.WRONG_AUDIENCE, tokens.otherAudience("alice"), "not for 'chant'");
    }

    @Test
    void alteredClaimsBreakTheSignature() {
        assertRefused(Reason.BAD_SIGNATURE, tokens.altered("alice"), "signature does not verify");
    }

    @Test
    void aForeignKeyClaimingTheIssuersKeyIdIsRefused() {
        assertRefused(Reason.BAD_SIGNATURE, tokens.foreignSignature("mallory"), "signature does not verify");
    }

    @Test
    void algNoneIsRefused() {
        assertRefused(Reason.ALG_NONE, tokens.algNone("mallory"), "unsigned (alg: none)");
    }

    @Test
    void hmacWithThePublicKeyIsRefused() {
        assertRefused(Reason.ALG_NOT_ACCEPTED, tokens.hmacWithPublicKey("mallory"), "signed with HS256, which is not accepted");
    }

    @Test
    void aTokenOfAnotherLocalIssuerNamesAnUnknownKey(@TempDir Path elsewhere) {
        String token = TestTokens.in(elsewhere, clock).user("alice", Map.of());
        assertRefused(Reason.UNKNOWN_KEY, token, "does not hold");
    }

    @Test
    void rs256FromAnotherKeySourceIsAccepted() throws Exception {
        RSAKey rsa = RSA;
        TokenVerifier rsaVerifier = new TokenVerifier(new VerifierSettings("https://idp.example/realms/chant", "chant",
                Duration.ofSeconds(30), new ClaimMapping("groups", "chant:", "chant:platform-admin")),
                JwksCache.fixed("test keys", new JWKSet(rsa)), clock);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example/realms/chant").audience(List.of("account", "chant"))
                        .subject("0c5e-4f1a").expirationTime(Date.from(clock.instant().plusSeconds(300)))
                        .claim("groups", List.of("staff", "chant:demo:member", "chant:demo:viewer", "chant:ops:bogus",
                                "chant:platform-admin"))
                        .build());
        jwt.sign(new RSASSASigner(rsa));

        Principal principal = rsaVerifier.verify(jwt.serialize());

        assertEquals("0c5e-4f1a", principal.subject());
        assertEquals(Map.of("demo", Role.MEMBER), principal.projectRoles(), "the higher role counts; unknown roles grant nothing");
        assertTrue(principal.platformAdmin());
    }

    @Test
    void aKindThatIsNoKindIsRefused() throws Exception {
        TokenVerifier rsaVerifier = new TokenVerifier(new VerifierSettings("i", "chant", Duration.ZERO,
                ClaimMapping.local()), JwksCache.fixed("test keys", new JWKSet(RSA)), clock);
        for (Object kind : List.of("robot", 7)) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                    new JWTClaimsSet.Builder().issuer("i").audience("chant").subject("s").claim("chant_kind", kind)
                            .expirationTime(Date.from(clock.instant().plusSeconds(60))).build());
            jwt.sign(new RSASSASigner(RSA));
            TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> rsaVerifier.verify(jwt.serialize()));
            assertEquals(Reason.BAD_CLAIMS, e.reason(), e.getMessage());
        }
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        RSAKey rsa = RSA;
        TokenVerifier rsaVerifier = new TokenVerifier(new VerifierSettings("i", "chant", Duration.ZERO,
                ClaimMapping.local()), JwksCache.fixed("test keys", new JWKSet(rsa)), clock);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                new JWTClaimsSet.Builder().issuer("i").audience("chant").subject("s").build());
        jwt.sign(new RSASSASigner(rsa));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> rsaVerifier.verify(jwt.serialize()));
        assertEquals(Reason.BAD_CLAIMS, e.reason());
        assertTrue(e.getMessage().contains("no expiry"), e.getMessage());
    }

    private void assertRefused(Reason reason, String token, String messagePart) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        if (token.length() > 20) {
            for (String part : token.split("\\.")) {
                if (part.length() > 8) {
                    assertFalse(e.getMessage().contains(part), "the message repeats the token: " + e.getMessage());
                }
            }
        }
    }
}
