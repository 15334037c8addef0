package chant.support.remote;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/** One call to another service in the domain's terms: a gRPC failure becomes a {@link RemoteException}. */
public final class RemoteCalls {

    private RemoteCalls() {
    }

    /**
     * Makes the call on {@code channel}; a failure is a {@link RemoteException} naming the service and
     * the RPC, and an unreachable service makes the channel connect again at once ({@link Reconnect}).
     */
    public static <T> T call(Channel channel, String service, String rpc, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Reconnect.soon(channel, e.getStatus());
            throw RemoteException.of(service, rpc, e.getStatus());
        }
    }
}
