package chant.cli.rpc;

import chant.cli.config.Service;
import chant.client.Channels;
import chant.client.ServiceAddress;
import io.grpc.ManagedChannel;

/** Opens the channel to one service; tests hand in in-process ones. */
@FunctionalInterface
public interface ChannelFactory {

    ManagedChannel open(Service service, ServiceAddress address);

    /** Plaintext TCP (HTTP/2 without TLS), for loopback and trusted networks. */
    static ChannelFactory plaintext() {
        return (service, address) -> Channels.plaintext(address);
    }
}
