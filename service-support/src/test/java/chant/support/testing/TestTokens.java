package chant.support.testing;

import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.auth.issuer.LocalIssuer;
import chant.support.auth.issuer.NewToken;
import chant.support.auth.token.AuthSettings;
import chant.support.auth.token.TokenVerifier;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens for tests, from a real local issuer in a directory the test owns: valid ones for users,
 * services and runs, and each kind of bad one the services must refuse (expired, another issuer or
 * audience, an altered or foreign signature, {@code alg: none}, HMAC with the public key).
 */
public final class TestTokens {

    public static final Duration TTL = Duration.ofHours(1);

    private final Path directory;
    private final LocalIssuer issuer;
    private final Clock clock;

    private TestTokens(Path directory, LocalIssuer issuer, Clock clock) {
        this.directory = directory;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Where the services under test keep the local issuer's key: each module's
     * {@code target/test-auth-keys}, the {@code %test.chant.auth.key-dir} of every service.
     */
    public static final Path SHARED_DIRECTORY = ServiceProcess.TEST_AUTH_KEYS;

    /** The subject of the platform admin that test stubs without a user of their own call as. */
    public static final String DEFAULT_SUBJECT = "tester";

    private static TestTokens shared;

    /** The issuer of the services under test ({@link #SHARED_DIRECTORY}), on the system clock. */
    public static synchronized TestTokens shared() {
        if (shared == null) {
            shared = in(SHARED_DIRECTORY.toAbsolutePath(), Clock.systemUTC());
        }
        return shared;
    }

    /** The issuer keeping its key in {@code directory} (created there on first use). */
    public static TestTokens in(Path directory, Clock clock) {
        try {
            return new TestTokens(directory, LocalIssuer.open(directory), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration a service verifying these tokens gets ({@code chant.auth.*}). */
    public Map<String, String> config() {
        return Map.of("chant.auth.source", "local", "chant.auth.key-dir", directory.toString());
    }

    public AuthSettings settings() {
        return AuthSettings.from(key -> Optional.ofNullable(config().get(key)));
    }

    public TokenVerifier verifier() {
        return settings().verifier(clock);
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    public String user(String subject, Map<String, Role> roles) {
        return mint(Principal.user(subject, roles, false));
    }

    public String platformAdmin(String subject) {
        return mint(Principal.user(subject, Map.of(), true));
    }

    public String service(String name) {
        return mint(Principal.service(name));
    }

    public String run(String runId, String project, String specId) {
        return mint(Principal.run("run:" + runId, new RunScope(runId, project, specId)));
    }

    public String mint(Principal principal) {
        return issuer.minter(AuthSettings.LOCAL_ISSUER, AuthSettings.DEFAULT_AUDIENCE, clock)
                .mint(new NewToken(principal, TTL)).token();
    }

    /**
     * A token every service must refuse (UNAUTHENTICATED), what is wrong with it, and words its
     * refusal says.
     */
    public record RefusedToken(String what, String token, String refusalSays) {

        /** The token's claims, base64url: a refusal must not repeat them either. */
        public String claims() {
            return token.split("\\.")[1];
        }
    }

    /** One token of each kind a verifier refuses, all for {@code subject}. */
    public java.util.List<RefusedToken> refused(String subject) {
        return java.util.List.of(
                new RefusedToken("expired", expired(subject, Duration.ofMinutes(5)), "expired"),
                new RefusedToken("wrong issuer", otherIssuer(subject), "issued by 'https://elsewhere.example'"),
                new RefusedToken("wrong audience", otherAudience(subject), "audience [some-other-service]"),
                new RefusedToken("wrong signature", foreignSignature(subject), "signature does not verify"),
                new RefusedToken("altered claims", altered(subject), "signature does not verify"),
                new RefusedToken("alg none", algNone(subject), "alg: none"),
                new RefusedToken("HS256 with the public key", hmacWithPublicKey(subject), "HS256"));
    }

    /** A token that expired {@code ago}. */
    public String expired(String subject, Duration ago) {
        Clock then = Clock.fixed(clock.instant().minus(TTL).minus(ago), clock.getZone());
        return issuer.minter(AuthSettings.LOCAL_ISSUER, AuthSettings.DEFAULT_AUDIENCE, then)
                .mint(new NewToken(Principal.user(subject, Map.of(), false), TTL)).token();
    }

    /** Signed by the right key, but naming another issuer. */
    public String otherIssuer(String subject) {
        return issuer.minter("https://elsewhere.example", AuthSettings.DEFAULT_AUDIENCE, clock)
                .mint(new NewToken(Principal.user(subject, Map.of(), false), TTL)).token();
    }

    /** Signed by the right key, but for another audience. */
    public String otherAudience(String subject) {
        return issuer.minter(AuthSettings.LOCAL_ISSUER, "some-other-service", clock)
                .mint(new NewToken(Principal.user(subject, Map.of(), false), TTL)).token();
    }

    /** A valid token whose claims were changed afterwards (made a platform admin): its signature no longer fits. */
    public String altered(String subject) {
        String[] parts = user(subject, Map.of()).split("\\.");
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder(JWTClaimsSet.parse(Base64URL.from(parts[1]).decodeToString()))
                    .claim("chant_admin", true).build();
            return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by a key of its own that claims the issuer's key ID. */
    public String foreignSignature(String subject) {
        try {
            var foreign = new ECKeyGenerator(Curve.P_256).keyID(issuer.keyId()).generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(issuer.keyId()).build(),
                    claims(subject));
            jwt.sign(new ECDSASigner(foreign));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unsigned: {@code alg: none}, with the right claims. */
    public String algNone(String subject) {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        return header + "." + Base64URL.encode(claims(subject).toString()) + ".";
    }

    /** "Signed" with HS256 using the issuer's public key as the secret: the classic key-confusion attack. */
    public String hmacWithPublicKey(String subject) {
        try {
            byte[] secret = issuer.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.keyId()).build(),
                    claims(subject));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(AuthSettings.LOCAL_ISSUER).audience(AuthSettings.DEFAULT_AUDIENCE)
                .subject(subject).issueTime(java.util.Date.from(clock.instant()))
                .expirationTime(java.util.Date.from(clock.instant().plus(TTL))).claim("chant_admin", true).build();
    }
}
