package chant.agent.grpc;

import chant.support.auth.issuer.ServiceTokens;
import chant.support.auth.token.AuthSettings;
import chant.support.auth.token.Authenticator;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Authentication of this service from its configuration ({@code chant.auth.*}, docs/auth.md): the
 * {@link Authenticator} that {@link AgentAuthInterceptor} checks every call's token with, and this
 * service's own token for spec-service ({@link ServiceTokens}, subject {@value #SERVICE_NAME}).
 * Without auth configuration the service does not start: {@link AuthSettings} names what to set.
 */
@ApplicationScoped
public class AuthSetup {

    /** This service's identity towards the others. */
    public static final String SERVICE_NAME = "agent-service";

    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    @Produces
    @Singleton
    Authenticator authenticator(Config config) {
        return AuthSettings.from(key -> config.getOptionalValue(key, String.class)).authenticator(Clock.systemUTC());
    }

    @Produces
    @Singleton
    ServiceTokens serviceTokens(Config config) {
        return ServiceTokens.from(key -> config.getOptionalValue(key, String.class), SERVICE_NAME, Clock.systemUTC());
    }

    /**
     * Reads the issuer's keys once at start, by verifying this service's own token: the first call
     * then does not fetch them on a Vert.x event loop, and a configuration whose keys do not fit is
     * reported at once (in the log: the calls would be refused anyway, with their reason).
     */
    void warm(@Observes StartupEvent event, Authenticator authenticator, ServiceTokens tokens) {
        try {
            authenticator.verify(tokens.get());
        } catch (RuntimeException e) {
            LOG.warnf("this service's own token (%s) does not verify with its auth configuration: %s", tokens,
                    e.getMessage());
        }
    }
}
