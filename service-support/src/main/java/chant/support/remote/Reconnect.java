package chant.support.remote;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;

/**
 * After a call found the other service unreachable, the channel's next call connects again at once.
 * Without this a channel waits out its reconnect backoff (growing to two minutes) before it tries,
 * so a caller whose service was restarted would stay cut off long after the service is back. The
 * callers pace their calls (heartbeats, log appends, deliveries), so this makes at most one
 * connection attempt per failed call.
 */
public final class Reconnect {

    private Reconnect() {
    }

    public static void soon(Channel channel, Status status) {
        if (status.getCode() == Status.Code.UNAVAILABLE && channel instanceof ManagedChannel managed) {
            managed.resetConnectBackoff();
        }
    }
}
