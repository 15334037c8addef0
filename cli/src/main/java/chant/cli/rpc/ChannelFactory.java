package chant.cli.rpc;

import chant.cli.config.Service;
import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.okhttp.OkHttpChannelBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/** Opens the channel to one service; tests hand in in-process ones. */
@FunctionalInterface
public interface ChannelFactory {

    ManagedChannel open(Service service, ServiceAddress address);

    /**
     * Plaintext TCP (HTTP/2 without TLS), for loopback and trusted networks, over grpc-java's
     * OkHttp transport: a short command loads and links far fewer classes and starts fewer threads
     * with it than with netty, and the one or two calls it makes do not need more. The host is
     * resolved here, once, to the address the JVM prefers, and the channel connects to that
     * address: gRPC's DNS name resolver (its thread, JNDI lookups and registry) costs a command
     * more start-up time than the one call it makes. An unknown host fails the first call with
     * UNAVAILABLE.
     */
    static ChannelFactory plaintext() {
        return (service, address) -> {
            InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
            return OkHttpChannelBuilder.forAddress(address.host(), address.port(), InsecureChannelCredentials.create())
                    .nameResolverFactory(new DirectAddress(socketAddress))
                    .maxInboundMessageSize(Channels.MAX_INBOUND_MESSAGE_BYTES)
                    .build();
        };
    }

    /** A name resolver that hands the channel one address it was given, never looking anything up. */
    final class DirectAddress extends NameResolver.Factory {
        private final InetSocketAddress address;

        DirectAddress(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            String host = address.getHostString();
            String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return authority;
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder()
                            .setAddresses(List.of(new EquivalentAddressGroup(address)))
                            .setAttributes(Attributes.EMPTY)
                            .build());
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        public String getDefaultScheme() {
            return "chant-direct";
        }
    }
}
