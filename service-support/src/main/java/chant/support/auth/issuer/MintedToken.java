package chant.support.auth.issuer;

import java.time.Instant;

/**
 * A freshly signed token with what may be recorded about it (its ID and expiry). {@link #toString()}
 * leaves the token out, so that a minted token logged by mistake shows only its ID.
 */
public record MintedToken(String token, String jti, Instant expiresAt) {

    @Override
    public String toString() {
        return "MintedToken[jti=" + jti + ", expiresAt=" + expiresAt + ", token=[secret]]";
    }
}
