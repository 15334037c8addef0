package chant.agent.remote;

import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A runner's connections to agent-service and spec-service, closed together. Both send the run's
 * token, read on each call: a runner started ahead of its run gets it with the run.
 */
public final class ServiceConnections implements AutoCloseable {

    private final ManagedChannel agentChannel;
    private final ManagedChannel specChannel;
    private final AgentServiceClient agent;
    private final SpecServiceClient spec;

    public ServiceConnections(String agentServer, String specServer, Duration deadline, Supplier<String> runToken) {
        agentChannel = Channels.plaintext(ServiceAddress.parse(agentServer, 8182));
        specChannel = Channels.plaintext(ServiceAddress.parse(specServer, 8181));
        agent = new AgentServiceClient(agentChannel, deadline, runToken);
        spec = SpecServiceClient.asRun(specChannel, deadline, runToken);
    }

    /** Connects both channels now (without a call), so that the first call finds the connection made. */
    public void connect() {
        agentChannel.getState(true);
        specChannel.getState(true);
    }

    public AgentServiceClient agentService() {
        return agent;
    }

    public SpecServiceClient specService() {
        return spec;
    }

    @Override
    public void close() {
        agentChannel.shutdownNow();
        specChannel.shutdownNow();
        try {
            agentChannel.awaitTermination(5, TimeUnit.SECONDS);
            specChannel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
