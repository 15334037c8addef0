package chant.merge.remote;

import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.ManagedChannel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's clients of other services, from configuration ({@code chant.merge.spec-server}). */
@ApplicationScoped
public class RemoteClients {

    @ConfigProperty(name = "chant.merge.spec-server", defaultValue = "localhost:8181")
    String specServer;

    @ConfigProperty(name = "chant.merge.spec-server-deadline", defaultValue = "10s")
    Duration deadline;

    private ManagedChannel specChannel;

    @Produces
    @Singleton
    SpecServiceClient specService() {
        synchronized (this) {
            if (specChannel == null) {
                specChannel = Channels.plaintext(ServiceAddress.parse(specServer, 8181));
            }
        }
        return new SpecServiceClient(specChannel, deadline);
    }

    @PreDestroy
    void close() throws InterruptedException {
        if (specChannel != null) {
            specChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
