package chant.support.remote;

import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** A plaintext channel to another service, opened at its first use and closed with the service. */
public final class ServiceChannel implements AutoCloseable {

    private final String address;
    private final int defaultPort;
    private ManagedChannel channel;

    /** {@code address} as configured ({@code host[:port]}); {@code defaultPort} when it names none. */
    public ServiceChannel(String address, int defaultPort) {
        this.address = address;
        this.defaultPort = defaultPort;
    }

    public synchronized ManagedChannel get() {
        if (channel == null) {
            channel = Channels.plaintext(ServiceAddress.parse(address, defaultPort));
        }
        return channel;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
