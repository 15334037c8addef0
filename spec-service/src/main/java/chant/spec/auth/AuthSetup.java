package chant.spec.auth;

import chant.support.auth.Principal;
import chant.support.auth.issuer.LocalIssuer;
import chant.support.auth.issuer.NewToken;
import chant.support.auth.issuer.TokenMinter;
import chant.support.auth.token.AuthSettings;
import chant.support.auth.token.Authenticator;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * spec-service's side of authentication (docs/auth.md): the settings ({@code chant.auth.*}, environment
 * {@code CHANT_AUTH_*}), the {@link Authenticator} every call is checked with, and the local issuer,
 * whose private key only spec-service holds and uses (CreateToken, CreateRunToken).
 *
 * <p>There is no mode without authentication: without {@code chant.auth.key-dir} (or, with
 * {@code source=oidc}, the issuer) spec-service refuses to start with {@link AuthSettings}' message.
 */
@ApplicationScoped
public class AuthSetup {

    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    /** spec-service's own identity, in the one token it mints for itself at start to warm the key cache. */
    public static final String SERVICE_NAME = "spec-service";

    @Inject
    Config config;

    @Inject
    Clock clock;

    private AuthSettings settings;
    private Optional<LocalIssuer> issuer;

    /** The configured settings, read once. */
    public synchronized AuthSettings settings() {
        if (settings == null) {
            settings = AuthSettings.from(key -> config.getOptionalValue(key, String.class));
        }
        return settings;
    }

    /**
     * The local issuer of the configured key directory (created there on first start), or empty when
     * spec-service has no key directory (an IdP alone signs, and no run tokens can be made).
     */
    public synchronized Optional<LocalIssuer> issuer() {
        if (issuer == null) {
            Optional<java.nio.file.Path> directory = settings().keyDirectory();
            try {
                issuer = directory.isPresent() ? Optional.of(LocalIssuer.open(directory.get())) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the local issuer's key in " + directory.get() + ": "
                        + e.getMessage(), e);
            }
        }
        return issuer;
    }

    /** A minter signing as the platform's own issuer, or empty without a key. */
    public Optional<TokenMinter> minter() {
        return issuer().map(local -> local.minter(settings().platformIssuer(), settings().audience(), clock));
    }

    @Produces
    @Singleton
    Authenticator authenticator() {
        return settings().authenticator(clock);
    }

    /**
     * At start: reads the settings (a service without them does not start), opens the local issuer
     * (making its key on the very first start, before any verifier reads the public key file), and
     * verifies one token of its own, so that the first call does not load the keys on an event loop.
     */
    void start(@Observes StartupEvent event, Authenticator authenticator) {
        AuthSettings current = settings();
        Optional<TokenMinter> minter = minter();
        if (minter.isEmpty()) {
            LOG.infof("authentication: tokens of %s; no local key, so no tokens are minted here", current.issuer());
            return;
        }
        authenticator.verify(minter.get().mint(new NewToken(Principal.service(SERVICE_NAME), Duration.ofMinutes(1))).token());
        LOG.infof("authentication: %s tokens of %s; local issuer %s", current.source().name().toLowerCase(java.util.Locale.ROOT),
                current.issuer(), issuer().orElseThrow());
    }
}
