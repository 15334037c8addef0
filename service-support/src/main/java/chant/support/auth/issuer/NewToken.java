package chant.support.auth.issuer;

import chant.support.auth.Principal;
import java.time.Duration;
import java.util.Objects;

/**
 * A token to mint: for whom (subject, kind, roles, platform admin, run scope: the principal it will
 * stand for) and for how long.
 */
public record NewToken(Principal principal, Duration ttl) {

    /** A user's token may live a year at most: `chant token create` tokens sit in config files. */
    public static final Duration MAX_USER_TTL = Duration.ofDays(366);
    /**
     * A run's token lives at most the longest run timeout (a day) and the runner's margin to finish
     * after it: so no run, however long, outlives its token; each attempt gets a new one.
     */
    public static final Duration MAX_RUN_TTL = Duration.ofHours(25);

    public NewToken {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(ttl, "ttl");
        if (principal.onBehalfOf().isPresent()) {
            throw new IllegalArgumentException("on-behalf-of is said per call, never minted into a token");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token's lifetime must be positive, not " + ttl);
        }
        Duration max = switch (principal.kind()) {
            case RUN -> MAX_RUN_TTL;
            case USER, SERVICE -> MAX_USER_TTL;
        };
        if (ttl.compareTo(max) > 0) {
            throw new IllegalArgumentException("a " + principal.kind().wireName() + " token may live " + max.toHours()
                    + " hours at most, not " + ttl.toHours());
        }
    }
}
