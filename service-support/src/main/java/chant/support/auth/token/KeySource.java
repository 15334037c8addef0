package chant.support.auth.token;

import com.nimbusds.jose.jwk.JWK;
import java.util.List;
import java.util.Optional;

/** Where the verifier finds the issuer's public keys. */
public interface KeySource {

    /**
     * The public keys that may have signed a token naming {@code kid} (all keys when it names none).
     * A source that can fetch again does so, within its rate limit, when no key has that ID: the
     * issuer may have rotated its keys.
     *
     * @throws chant.support.failure.UnavailableException when the keys were never obtained and
     *                                                    cannot be now
     */
    List<JWK> keysFor(Optional<String> kid);

    /** Where the keys come from, for messages: a file path or a JWKS URL. */
    String origin();
}
