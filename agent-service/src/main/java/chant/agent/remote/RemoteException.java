package chant.agent.remote;

import io.grpc.Status;

/**
 * A call to another service that failed. {@link #retryable()} says whether the same call may work
 * later (the service was unreachable, busy, or lost a race); otherwise it refused, and the message
 * is its reason.
 */
public final class RemoteException extends RuntimeException {

    private final boolean retryable;
    private final String code;

    private RemoteException(String message, boolean retryable, String code) {
        super(message);
        this.retryable = retryable;
        this.code = code;
    }

    static RemoteException of(String service, String rpc, Status status) {
        boolean retryable = SpecServiceClient.transientStatus(status.getCode());
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        String message = retryable
                ? service + " " + rpc + ": " + status.getCode() + " " + description
                : description;
        return new RemoteException(message, retryable, status.getCode().name());
    }

    public boolean retryable() {
        return retryable;
    }

    /** The gRPC status code's name (NOT_FOUND, FAILED_PRECONDITION, ...). */
    public String code() {
        return code;
    }
}
