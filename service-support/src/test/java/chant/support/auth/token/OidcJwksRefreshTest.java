package chant.support.auth.token;

import chant.support.auth.token.TokenRejectedException.Reason;
import chant.support.failure.UnavailableException;
import chant.support.testing.MutableClock;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OpenID Connect provider over real HTTP on the loopback interface: discovery document, then its
 * JWKS. Keys are fetched once, again when a token names an unknown key ID (rotation), and no more
 * often than the rate limit allows however many unknown IDs arrive.
 */
class OidcJwksRefreshTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private final AtomicReference<JWKSet> served = new AtomicReference<>();
    private final AtomicReference<String> namedIssuer = new AtomicReference<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String issuer;
    private RSAKey first;

    /** RSA keys take seconds to make on a slow JIT: one for the provider, one for every forger. */
    private static RSAKey providerKey;
    private static RSAKey forgerKey;

    @BeforeAll
    static void rsaKeys() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        forgerKey = new RSAKeyGenerator(2048).keyID("forged").generate();
    }

    @BeforeEach
    void provider() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/chant";
        namedIssuer.set(issuer);
        server.createContext("/realms/chant/.well-known/openid-configuration", exchange -> answer(exchange,
                "{\"issuer\":\"" + namedIssuer.get() + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}"));
        server.createContext("/realms/chant/protocol/openid-connect/certs",
                exchange -> answer(exchange, served.get().toString()));
        server.start();
        first = providerKey;
        served.set(new JWKSet(first));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void rotatedKeysAreFetchedOnAnUnknownKeyIdWithinTheRateLimit() throws Exception {
        JwksCache keys = cache(Duration.ofSeconds(30));
        TokenVerifier verifier = verifier(keys);

        assertEquals("alice", verifier.verify(rs256(first, "alice")).subject());
        assertEquals("alice", verifier.verify(rs256(first, "alice")).subject());
        assertEquals(1, keys.loads(), "known keys are not fetched again");

        clock.advance(Duration.ofSeconds(31));
        ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        served.set(new JWKSet(List.<JWK>of(first, rotated)));
        assertEquals("bob", verifier.verify(es256(rotated, "bob")).subject());
        assertEquals(2, keys.loads(), "the unknown key ID made the cache fetch the JWKS again");
        assertEquals(List.of("/realms/chant/.well-known/openid-configuration", "/realms/chant/protocol/openid-connect/certs",
                "/realms/chant/.well-known/openid-configuration", "/realms/chant/protocol/openid-connect/certs"), requests);
    }

    @Test
    void madeUpKeyIdsCauseOneFetchPerInterval() throws Exception {
        JwksCache keys = cache(Duration.ofSeconds(30));
        TokenVerifier verifier = verifier(keys);
        verifier.verify(rs256(first, "alice"));
        clock.advance(Duration.ofSeconds(31));

        for (int i = 0; i < 20; i++) {
            String token = rs256(new RSAKey.Builder(forgerKey).keyID("made-up-" + i).build(), "mallory");
            TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
            assertEquals(Reason.UNKNOWN_KEY, e.reason());
        }
        assertEquals(2, keys.loads(), "twenty unknown key IDs within the interval: one fetch");

        clock.advance(Duration.ofSeconds(31));
        ECKey late = new ECKeyGenerator(Curve.P_256).keyID("k3").generate();
        served.set(new JWKSet(List.<JWK>of(first, late)));
        assertEquals("carol", verifier.verify(es256(late, "carol")).subject());
        assertEquals(3, keys.loads());
    }

    @Test
    void aWithdrawnKeyStopsCountingOnceTheSetIsOlderThanItsMaxAge() throws Exception {
        JwksCache keys = new JwksCache(issuer, OidcDiscovery.loader(issuer, HttpClient.newHttpClient(), Duration.ofSeconds(5)),
                Duration.ofSeconds(30), Duration.ofMinutes(10), clock);
        TokenVerifier verifier = verifier(keys);
        String token = rs256(first, "alice");
        assertEquals("alice", verifier.verify(token).subject());

        served.set(new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("k2").generate()));
        clock.advance(Duration.ofMinutes(5));
        assertEquals("alice", verifier.verify(token).subject(), "within its max age the set is not fetched again");
        clock.advance(Duration.ofMinutes(6));
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(Reason.UNKNOWN_KEY, e.reason());
        assertEquals(2, keys.loads());
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsNotTrusted() throws Exception {
        namedIssuer.set("https://evil.example");
        TokenVerifier verifier = verifier(cache(Duration.ofSeconds(30)));
        String token = rs256(first, "alice");
        UnavailableException e = assertThrows(UnavailableException.class, () -> verifier.verify(token));
        assertTrue(e.getMessage().contains("names the issuer 'https://evil.example'"), e.getMessage());
    }

    @Test
    void aProviderThatCannotBeReachedIsUnavailableAndNotAskedAgainAtOnce() throws Exception {
        server.stop(0);
        JwksCache keys = cache(Duration.ofSeconds(30));
        TokenVerifier verifier = verifier(keys);
        String token = rs256(first, "alice");
        assertThrows(UnavailableException.class, () -> verifier.verify(token));
        assertThrows(UnavailableException.class, () -> verifier.verify(token));
        assertEquals(1, keys.loads(), "a provider that is down is not asked again within the interval");
    }

    @Test
    void keysMustNotTravelInTheClear() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OidcDiscovery.loader("http://idp.example/realms/chant", HttpClient.newHttpClient(), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("neither HTTPS nor on the loopback interface"), e.getMessage());
    }

    @Test
    void settingsBuildTheSameVerifier() throws Exception {
        AuthSettings settings = AuthSettings.from(key -> Optional.ofNullable(Map.of(
                "chant.auth.source", "oidc", "chant.auth.issuer", issuer, "chant.auth.audience", "chant").get(key)));
        assertEquals("groups", settings.claims().rolesClaim());
        assertEquals("alice", settings.verifier(clock).verify(rs256(first, "alice")).subject());
    }

    private JwksCache cache(Duration minRefresh) {
        return new JwksCache(issuer, OidcDiscovery.loader(issuer, HttpClient.newHttpClient(), Duration.ofSeconds(5)),
                minRefresh, Duration.ofHours(1), clock);
    }

    private TokenVerifier verifier(KeySource keys) {
        return new TokenVerifier(new VerifierSettings(issuer, "chant", Duration.ofSeconds(30),
                new ClaimMapping("groups", "chant:", "chant:platform-admin")), keys, clock);
    }

    private String rs256(RSAKey key, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims(subject));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String es256(ECKey key, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims(subject));
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private JWTClaimsSet claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience("chant").subject(subject)
                .expirationTime(Date.from(clock.instant().plusSeconds(600))).build();
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        requests.add(exchange.getRequestURI().getPath());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
