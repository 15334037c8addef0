package chant.support.auth.token;

import java.time.Duration;
import java.util.Objects;

/**
 * What a token must say to be accepted: who issued it ({@code iss}, exactly), whom it is for (one
 * of its {@code aud} values), and how far clocks may disagree when judging {@code exp}, {@code nbf}
 * and {@code iat}.
 */
public record VerifierSettings(String issuer, String audience, Duration clockSkew, ClaimMapping claims) {

    /** Clocks of machines kept by NTP agree far better; a minute would only widen a stolen token's window. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public VerifierSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(claims, "claims");
        if (issuer.isBlank() || audience.isBlank()) {
            throw new IllegalArgumentException("tokens are checked against an issuer and an audience: configure both");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("the clock skew " + clockSkew + " is outside 0 to " + MAX_CLOCK_SKEW);
        }
    }
}
