package chant.client;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/** How callers open a channel to a service. The transport (netty, netty-shaded, okhttp) is the caller's. */
public final class Channels {

    /** Exported files may be up to 8 MiB each; leave room for the message around them. */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

    private Channels() {
    }

    /** Plaintext HTTP/2 to {@code address}, for loopback and trusted networks. Connects on first use. */
    public static ManagedChannel plaintext(ServiceAddress address) {
        return Grpc.newChannelBuilderForAddress(address.host(), address.port(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }
}
