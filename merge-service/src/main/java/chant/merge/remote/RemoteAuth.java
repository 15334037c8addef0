package chant.merge.remote;

import chant.client.auth.BearerCredentials;
import chant.support.remote.RemoteCalls;
import chant.support.remote.RemoteException;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.function.Supplier;

/**
 * How merge-service authenticates its calls to other services: its own token
 * ({@link chant.support.auth.issuer.ServiceTokens}), with the end user it acts for when there is one
 * (the requester of a merge request), which the called service records.
 */
final class RemoteAuth {

    private RemoteAuth() {
    }

    /** merge-service's token, on behalf of {@code requester} unless it is empty or null (work of its own). */
    static BearerCredentials credentials(Supplier<String> serviceToken, String requester) {
        BearerCredentials own = BearerCredentials.from(serviceToken);
        return requester == null || requester.isBlank() ? own : own.onBehalfOf(requester);
    }

    /**
     * Makes the call as {@link RemoteCalls#call} does, except that the called service refusing
     * merge-service's own credentials (UNAUTHENTICATED: an expired or unreadable token, an issuer it
     * does not trust; PERMISSION_DENIED: an identity without merge-service's fixed rights) is a
     * failure that may pass (a renewed token file, a corrected configuration), not a refusal of what
     * was asked: the queue waits and tries again instead of refusing the spec, and SubmitMerge answers
     * UNAVAILABLE. The called service checks merge-service's rights, never the requester's (merge-service
     * checked those), so these statuses never say anything about the request itself.
     */
    static <T> T call(Channel channel, String service, String rpc, Supplier<T> call) {
        try {
            return RemoteCalls.call(channel, service, rpc, call);
        } catch (RemoteException e) {
            if (e.code().equals("UNAUTHENTICATED") || e.code().equals("PERMISSION_DENIED")) {
                throw RemoteException.of(service, rpc, Status.UNAVAILABLE.withDescription(service + " refused "
                        + "merge-service's credentials (" + e.code() + ": " + e.getMessage() + "); check merge-service's"
                        + " chant.auth.service-token-file or chant.auth.key-dir and " + service + "'s chant.auth"
                        + " settings; merge-service tries again later"));
            }
            throw e;
        }
    }
}
