package chant.agent.remote;

import chant.support.remote.ServiceChannel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's clients of other services, from configuration ({@code chant.agent.spec-server}). */
@ApplicationScoped
public class RemoteClients {

    @ConfigProperty(name = "chant.agent.spec-server", defaultValue = "localhost:8181")
    String specServer;

    @ConfigProperty(name = "chant.agent.spec-server-deadline", defaultValue = "10s")
    Duration deadline;

    private ServiceChannel specChannel;

    @Produces
    @Singleton
    SpecServiceClient specService() {
        synchronized (this) {
            if (specChannel == null) {
                specChannel = new ServiceChannel(specServer, 8181);
            }
        }
        return new SpecServiceClient(specChannel.get(), deadline);
    }

    @PreDestroy
    void close() throws InterruptedException {
        if (specChannel != null) {
            specChannel.close();
        }
    }
}
