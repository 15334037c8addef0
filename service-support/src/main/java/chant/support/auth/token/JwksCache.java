package chant.support.auth.token;

import chant.support.failure.UnavailableException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An issuer's public keys (a JWKS), loaded once and kept. Loaded again when a token names a key ID
 * the set does not have (the issuer rotated its keys) and when the set is older than
 * {@code maxAge} (a withdrawn key stops counting), but at most once per {@code minRefreshInterval}:
 * a stream of tokens with made-up key IDs must not turn each request into a fetch from the issuer.
 * Loads take turns; a failed load keeps the keys already known.
 */
public final class JwksCache implements KeySource {

    /** Loads the set; throws when it cannot (the message says from where and why). */
    @FunctionalInterface
    public interface Loader {
        JWKSet load() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(JwksCache.class);

    private final String origin;
    private final Loader loader;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final Clock clock;

    /** The keys and when they were loaded, replaced as one so that a reader never sees one without the other. */
    private record Loaded(List<JWK> keys, Instant at) {
    }

    private volatile Loaded loaded;
    private Instant lastAttempt;
    private int loads;

    public JwksCache(String origin, Loader loader, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this.origin = origin;
        this.loader = loader;
        this.minRefreshInterval = minRefreshInterval;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Keys that never change (the local issuer's own, in the process that holds it). */
    public static KeySource fixed(String origin, JWKSet set) {
        List<JWK> keys = publicSigningKeys(set);
        return new KeySource() {
            @Override
            public List<JWK> keysFor(Optional<String> kid) {
                return matching(keys, kid);
            }

            @Override
            public String origin() {
                return origin;
            }
        };
    }

    @Override
    public List<JWK> keysFor(Optional<String> kid) {
        Loaded known = loaded;
        if (known == null || clock.instant().isAfter(known.at().plus(maxAge))) {
            known = reload(known);
        }
        List<JWK> found = matching(known.keys(), kid);
        if (found.isEmpty() && kid.isPresent()) {
            found = matching(reload(known).keys(), kid);
        }
        return found;
    }

    @Override
    public String origin() {
        return origin;
    }

    /** How many loads were attempted, for tests that check the rate limit. */
    public synchronized int loads() {
        return loads;
    }

    /**
     * Loads the set again unless another thread just did or the last attempt is more recent than
     * the rate limit allows. Returns the keys known afterwards.
     */
    private synchronized Loaded reload(Loaded seenByCaller) {
        Loaded current = loaded;
        if (current != seenByCaller && current != null) {
            return current; // another thread loaded while this one waited
        }
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefreshInterval))) {
            if (current == null) {
                throw new UnavailableException("the token's signing keys cannot be obtained from " + origin
                        + " right now (the last attempt failed): retry shortly");
            }
            return current;
        }
        lastAttempt = now;
        loads++;
        try {
            Loaded fresh = new Loaded(publicSigningKeys(loader.load()), now);
            loaded = fresh;
            LOG.debugf("loaded %d signing keys from %s", fresh.keys().size(), origin);
            return fresh;
        } catch (Exception e) {
            if (current != null) {
                LOG.warnf("could not load the signing keys again from %s (keeping the %d known): %s", origin,
                        current.keys().size(), e.getMessage());
                return current;
            }
            throw new UnavailableException("the token's signing keys cannot be obtained from " + origin + ": "
                    + e.getMessage() + " (retry shortly)", e);
        }
    }

    private static List<JWK> publicSigningKeys(JWKSet set) {
        return set.toPublicJWKSet().getKeys().stream()
                .filter(key -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                .toList();
    }

    private static List<JWK> matching(List<JWK> keys, Optional<String> kid) {
        return kid.map(id -> keys.stream().filter(key -> id.equals(key.getKeyID())).toList()).orElse(keys);
    }
}
