package chant.support.auth.token;

import chant.support.auth.Principal;
import chant.support.auth.token.TokenRejectedException.Reason;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a bearer token and says who it stands for. A token is accepted only when all of these hold,
 * checked in this order so that each refusal names its own reason:
 * <ol>
 *   <li>it is a signed JWT (JWS compact form) of at most {@value #MAX_TOKEN_CHARS} characters;</li>
 *   <li>its algorithm is RS256 or ES256: {@code alg: none} is refused, and so is every HMAC
 *       algorithm, which would let a client "sign" with the issuer's public key as the secret;</li>
 *   <li>one of the issuer's public keys, of the algorithm's key type (RSA of at least 2048 bits,
 *       or EC P-256), verifies its signature;</li>
 *   <li>its issuer is the configured one, exactly, and the configured audience is among its audiences;</li>
 *   <li>it has an expiry, which has not passed, and its not-before and issued-at times have come,
 *       each judged with the configured clock skew;</li>
 *   <li>it names a subject, and its chant claims make sense ({@link ClaimMapping}).</li>
 * </ol>
 * Messages never contain the token; the claims they quote were signed by the issuer.
 */
public final class TokenVerifier implements Authenticator {

    /** Far above any token the platform or an identity provider issues, far below gRPC's header limit. */
    public static final int MAX_TOKEN_CHARS = 8192;

    static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final VerifierSettings settings;
    private final KeySource keys;
    private final Clock clock;

    public TokenVerifier(VerifierSettings settings, KeySource keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    public VerifierSettings settings() {
        return settings;
    }

    /**
     * The principal {@code token} stands for.
     *
     * @throws TokenRejectedException               (UNAUTHENTICATED) saying why the token proves nothing
     * @throws chant.support.failure.UnavailableException when the issuer's keys cannot be obtained
     */
    @Override
    public Principal verify(String token) {
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!ACCEPTED.contains(alg)) {
            throw new TokenRejectedException(Reason.ALG_NOT_ACCEPTED, "the token is signed with " + alg.getName()
                    + ", which is not accepted: tokens must be signed with RS256 or ES256 by " + settings.issuer());
        }
        verifySignature(jwt, header);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's claims are not a JSON object of JWT claims: "
                    + e.getMessage());
        }
        checkIssuerAndAudience(claims);
        checkTimes(claims);
        return settings.claims().principal(claims);
    }

    private static SignedJWT signed(String token) {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(Reason.MISSING, "the bearer token is empty: send authorization: Bearer <token>");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(Reason.MALFORMED, "the bearer token is " + token.length()
                    + " characters long, more than the " + MAX_TOKEN_CHARS + " a token may have");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the bearer token is not a JWT (" + e.getMessage()
                    + "): send the token as its issuer gave it");
        }
        if (jwt instanceof PlainJWT) {
            throw new TokenRejectedException(Reason.ALG_NONE, "the token is unsigned (alg: none), and unsigned tokens"
                    + " are never accepted: use a token signed by its issuer");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token is an encrypted JWT: send a signed one (JWS)");
        }
        return signed;
    }

    private void verifySignature(SignedJWT jwt, JWSHeader header) {
        Optional<String> kid = Optional.ofNullable(header.getKeyID());
        List<JWK> candidates = keys.keysFor(kid).stream().filter(key -> fits(key, header.getAlgorithm())).toList();
        if (candidates.isEmpty()) {
            throw new TokenRejectedException(Reason.UNKNOWN_KEY, "the token is signed with "
                    + kid.map(id -> "key '" + id + "'").orElse("an unnamed key") + ", which " + keys.origin()
                    + " does not hold (for " + header.getAlgorithm().getName() + "): use a token of "
                    + settings.issuer());
        }
        for (JWK key : candidates) {
            try {
                if (jwt.verify(verifier(key))) {
                    return;
                }
            } catch (JOSEException e) {
                // This key cannot check this signature; another candidate may.
            }
        }
        throw new TokenRejectedException(Reason.BAD_SIGNATURE, "the token's signature does not verify with the keys of "
                + keys.origin() + ": it was altered or signed by someone else; use a token of " + settings.issuer());
    }

    private static boolean fits(JWK key, JWSAlgorithm alg) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return false;
        }
        if (alg.equals(JWSAlgorithm.RS256)) {
            return key instanceof RSAKey rsa && rsa.size() >= 2048;
        }
        return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        return new ECDSAVerifier(((ECKey) key).toECPublicKey());
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) {
        String issuer = claims.getIssuer();
        if (!settings.issuer().equals(issuer)) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER, "the token was issued by "
                    + (issuer == null ? "nobody it names (no iss)" : "'" + issuer + "'")
                    + ", but this service accepts tokens of '" + settings.issuer() + "' only");
        }
        List<String> audience = claims.getAudience();
        if (!audience.contains(settings.audience())) {
            throw new TokenRejectedException(Reason.WRONG_AUDIENCE, "the token is for "
                    + (audience.isEmpty() ? "no audience" : "audience " + audience)
                    + ", not for '" + settings.audience() + "': ask " + settings.issuer() + " for a token for '"
                    + settings.audience() + "'");
        }
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejectedException(Reason.BAD_CLAIMS, "the token has no expiry (exp): tokens that never"
                    + " expire are not accepted");
        }
        if (now.isAfter(exp.toInstant().plus(settings.clockSkew()))) {
            throw new TokenRejectedException(Reason.EXPIRED, "the token expired at " + exp.toInstant()
                    + ": get a new one (chant token create, or log in to the identity provider again)");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(settings.clockSkew()).isBefore(nbf.toInstant())) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token is not valid before " + nbf.toInstant()
                    + ": check this machine's clock or wait");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(settings.clockSkew()).isBefore(iat.toInstant())) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID, "the token claims to be issued at " + iat.toInstant()
                    + ", in the future: check the clocks of this machine and of " + settings.issuer());
        }
    }
}
