package chant.agent.remote;

import chant.support.auth.Memberships;
import chant.support.auth.issuer.ServiceTokens;
import chant.support.remote.ServiceChannel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's clients of other services, from configuration ({@code chant.agent.spec-server}), each
 * calling with this service's own token ({@link ServiceTokens}).
 */
@ApplicationScoped
public class RemoteClients {

    @ConfigProperty(name = "chant.agent.spec-server", defaultValue = "localhost:8181")
    String specServer;

    @ConfigProperty(name = "chant.agent.spec-server-deadline", defaultValue = "10s")
    Duration deadline;

    @Inject
    ServiceTokens serviceTokens;

    private ServiceChannel specChannel;

    private synchronized io.grpc.Channel specChannel() {
        if (specChannel == null) {
            specChannel = new ServiceChannel(specServer, 8181);
        }
        return specChannel.get();
    }

    @Produces
    @Singleton
    SpecServiceClient specService() {
        return SpecServiceClient.asService(specChannel(), deadline, serviceTokens);
    }

    @Produces
    @Singleton
    Memberships memberships() {
        return new SpecServiceMemberships(specChannel(), deadline, serviceTokens, Clock.systemUTC());
    }

    @Produces
    @Singleton
    RunTokens runTokens() {
        return new RunTokens(specChannel(), deadline, serviceTokens);
    }

    @PreDestroy
    void close() throws InterruptedException {
        if (specChannel != null) {
            specChannel.close();
        }
    }
}
