package chant.support.auth.issuer;

import chant.support.auth.token.ClaimMapping;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs tokens with the local issuer's key (ES256): {@code iss}, {@code aud}, {@code sub},
 * {@code iat}, {@code nbf}, {@code exp}, a fresh {@code jti}, and the chant claims of the principal
 * ({@link chant.support.auth.token.ClaimNames}). Only the process holding the key mints: spec-service
 * for {@code chant token create}, agent-service for its runners' run tokens when it shares the key
 * directory (see docs/auth.md).
 */
public final class TokenMinter {

    private final ECKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    TokenMinter(ECKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** The signed token, compact form. Say it to its holder only; never log it. */
    public MintedToken mint(NewToken request) {
        Instant now = clock.instant();
        Instant expires = now.plus(request.ttl());
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(request.principal().subject())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(jti);
        ClaimMapping.localClaimsOf(request.principal()).forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the local issuer's key cannot sign: " + e.getMessage(), e);
        }
        return new MintedToken(jwt.serialize(), jti, expires);
    }
}
