package chant.cli.rpc;

import chant.cli.config.Service;
import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;

/** Opens the channel to one service; tests hand in in-process ones. */
@FunctionalInterface
public interface ChannelFactory {

    ManagedChannel open(Service service, ServiceAddress address);

    /**
     * Plaintext TCP (HTTP/2 without TLS), for loopback and trusted networks. The host is resolved
     * here, once, to the address the JVM prefers, and the channel connects to that address: gRPC's
     * DNS name resolver (its thread, JNDI lookups and registry) costs a command more start-up time
     * than the one call it makes. An unknown host fails the first call with UNAVAILABLE.
     */
    static ChannelFactory plaintext() {
        return (service, address) -> NettyChannelBuilder
                .forAddress(new InetSocketAddress(address.host(), address.port()))
                .usePlaintext()
                .maxInboundMessageSize(Channels.MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }
}
