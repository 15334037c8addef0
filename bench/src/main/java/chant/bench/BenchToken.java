package chant.bench;

import chant.client.auth.BearerCredentials;
import chant.support.auth.Principal;
import chant.support.auth.issuer.LocalIssuer;
import chant.support.auth.issuer.NewToken;
import chant.support.auth.token.AuthSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token every call of the benchmark sends: {@code CHANT_TOKEN} when set, else a platform
 * admin token for subject {@code bench} minted with the local issuer whose key is in
 * {@code CHANT_AUTH_KEY_DIR} (the directory the services verify with; {@code scripts/bench} sets it).
 * A platform admin, because the benchmark creates its own projects and drives every call the
 * services offer. The token is never printed.
 */
final class BenchToken {
    static final String SUBJECT = "bench";
    static final String TOKEN_ENV = "CHANT_TOKEN";
    static final String KEY_DIR_ENV = "CHANT_AUTH_KEY_DIR";
    /** Long enough for the longest run of the benchmark (the list phases over 100,000 specs). */
    static final Duration TTL = Duration.ofDays(1);

    private BenchToken() {
    }

    /** The credentials for every stub; a {@link BenchException} saying what to set when there is no way to a token. */
    static BearerCredentials credentials(Map<String, String> env, Clock clock) {
        return BearerCredentials.of(token(env, clock));
    }

    static String token(Map<String, String> env, Clock clock) {
        Optional<String> given = nonBlank(env.get(TOKEN_ENV));
        if (given.isPresent()) {
            return given.get();
        }
        Optional<String> keyDir = nonBlank(env.get(KEY_DIR_ENV));
        if (keyDir.isEmpty()) {
            throw new BenchException("no token to send: set " + TOKEN_ENV + " (a platform admin's token), or "
                    + KEY_DIR_ENV + " to the key directory of the services' local issuer");
        }
        // The same issuer and audience as the services (AuthSettings' keys chant.auth.issuer and .audience).
        String issuer = nonBlank(env.get("CHANT_AUTH_ISSUER")).orElse(AuthSettings.LOCAL_ISSUER);
        String audience = nonBlank(env.get("CHANT_AUTH_AUDIENCE")).orElse(AuthSettings.DEFAULT_AUDIENCE);
        try {
            return LocalIssuer.open(Path.of(keyDir.get())).minter(issuer, audience, clock)
                    .mint(new NewToken(Principal.user(SUBJECT, Map.of(), true), TTL)).token();
        } catch (IOException | IllegalStateException e) {
            throw new BenchException("cannot mint the bench's token with the key in " + KEY_DIR_ENV + "="
                    + keyDir.get() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
