package chant.cli.rpc;

import chant.cli.config.ServerAddress;
import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.ManagedChannel;

/** Opens the channel a command talks through; tests hand in an in-process one. */
@FunctionalInterface
public interface ChannelFactory {

    ManagedChannel open(ServerAddress server);

    /** Plaintext TCP (HTTP/2 without TLS), for loopback and trusted networks. */
    static ChannelFactory plaintext() {
        return server -> Channels.plaintext(new ServiceAddress(server.host(), server.port()));
    }
}
