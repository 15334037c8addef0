package chant.cli.rpc;

import chant.cli.config.ServerAddress;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/** Opens the channel a command talks through; tests hand in an in-process one. */
@FunctionalInterface
public interface ChannelFactory {

    /** Exported files may be up to 8 MiB; leave room for the message around them. */
    int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

    ManagedChannel open(ServerAddress server);

    /** Plaintext TCP (HTTP/2 without TLS), for loopback and trusted networks. */
    static ChannelFactory plaintext() {
        return server -> Grpc.newChannelBuilderForAddress(server.host(), server.port(),
                        InsecureChannelCredentials.create())
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }
}
