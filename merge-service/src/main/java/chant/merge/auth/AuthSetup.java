package chant.merge.auth;

import chant.support.auth.issuer.ServiceTokens;
import chant.support.auth.token.AuthSettings;
import chant.support.auth.token.Authenticator;
import chant.support.auth.token.TokenRejectedException;
import chant.support.failure.UnavailableException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * merge-service's side of authentication (docs/auth.md): the {@link Authenticator} that checks the
 * bearer token of every call ({@code chant.auth.*}), and merge-service's own token for its calls to
 * spec-service and agent-service ({@link ServiceTokens}: {@code chant.auth.service-token-file}, else
 * minted with the local issuer's key in {@code chant.auth.key-dir}).
 *
 * <p>Both are made at start, so a process without auth configuration refuses to start with the
 * message that names the key to set; there is no "auth off". Verifying the service's own token once
 * at start loads the issuer's keys before the first call needs them (the interceptor runs where a
 * key fetch would hold up other calls) and shows at once a token the configured issuer does not
 * accept.
 */
@ApplicationScoped
public class AuthSetup {

    /** The identity merge-service calls other services with (a token subject of kind service). */
    public static final String SERVICE_NAME = "merge-service";

    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    @Inject
    Config config;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    Authenticator authenticator() {
        return AuthSettings.from(key -> config.getOptionalValue(key, String.class)).authenticator(clock);
    }

    @Produces
    @Singleton
    ServiceTokens serviceTokens() {
        return ServiceTokens.from(key -> config.getOptionalValue(key, String.class), SERVICE_NAME, Clock.systemUTC());
    }

    void warm(@Observes StartupEvent start, Authenticator authenticator, ServiceTokens tokens) {
        try {
            authenticator.verify(tokens.get());
            LOG.infof("authentication ready: bearer tokens are verified; calls to other services go as %s (%s)",
                    SERVICE_NAME, tokens);
        } catch (TokenRejectedException e) {
            LOG.warnf("merge-service's own token is not accepted by its own verifier: %s; spec-service will likely"
                    + " refuse it too (check chant.auth.service-token-file and chant.auth.*)", e.getMessage());
        } catch (UnavailableException e) {
            LOG.warnf("the issuer's keys could not be loaded at start: %s; they are loaded at the first call", e.getMessage());
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            // The token file is read again at every call: calls to other services fail (and the queue waits)
            // until it can be read.
            LOG.warnf("merge-service's own token cannot be read: %s", e.getMessage());
        }
    }
}
