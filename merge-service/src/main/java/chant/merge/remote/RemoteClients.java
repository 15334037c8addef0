package chant.merge.remote;

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
 * The service's clients of other services, from configuration ({@code chant.merge.spec-server},
 * {@code chant.merge.agent-server}), each calling with merge-service's own token, and the roles
 * stored in spec-service ({@link Memberships}, cached {@link CachedMemberships#TTL} per project).
 */
@ApplicationScoped
public class RemoteClients {

    @ConfigProperty(name = "chant.merge.spec-server", defaultValue = "localhost:8181")
    String specServer;

    @ConfigProperty(name = "chant.merge.spec-server-deadline", defaultValue = "10s")
    Duration deadline;

    @ConfigProperty(name = "chant.merge.agent-server", defaultValue = "localhost:8182")
    String agentServer;

    @Inject
    ServiceTokens serviceTokens;

    private ServiceChannel specChannel;
    private ServiceChannel agentChannel;

    @Produces
    @Singleton
    SpecServiceClient specService() {
        synchronized (this) {
            if (specChannel == null) {
                specChannel = new ServiceChannel(specServer, 8181);
            }
        }
        return new SpecServiceClient(specChannel.get(), deadline, serviceTokens);
    }

    @Produces
    @Singleton
    AgentServiceClient agentService() {
        synchronized (this) {
            if (agentChannel == null) {
                agentChannel = new ServiceChannel(agentServer, 8182);
            }
        }
        return new AgentServiceClient(agentChannel.get(), deadline, serviceTokens);
    }

    @Produces
    @Singleton
    Memberships memberships(SpecServiceClient specService, Clock clock) {
        return new CachedMemberships(specService::storedRoles, CachedMemberships.TTL, clock);
    }

    @PreDestroy
    void close() throws InterruptedException {
        if (specChannel != null) {
            specChannel.close();
        }
        if (agentChannel != null) {
            agentChannel.close();
        }
    }
}
