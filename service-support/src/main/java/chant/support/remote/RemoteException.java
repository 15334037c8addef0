package chant.support.remote;

import io.grpc.Status;

/**
 * A call to another service that failed. {@link #retryable()} says whether the same call may work
 * later (the service was unreachable, busy, lost a race, or does not know the call yet during an
 * upgrade); otherwise it refused, and the message is its reason.
 */
public final class RemoteException extends RuntimeException {

    private final boolean retryable;
    private final String code;

    private RemoteException(String message, boolean retryable, String code) {
        super(message);
        this.retryable = retryable;
        this.code = code;
    }

    /** The failure of {@code rpc} of {@code service} (e.g. "spec-service") with {@code status}. */
    public static RemoteException of(String service, String rpc, Status status) {
        boolean retryable = transientStatus(status.getCode());
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        String message = retryable ? service + " " + rpc + ": " + status.getCode() + " " + description : description;
        return new RemoteException(message, retryable, status.getCode().name());
    }

    /** Whether a status means "try again later". */
    public static boolean transientStatus(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.ABORTED
                || code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.UNIMPLEMENTED;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The gRPC status code's name (NOT_FOUND, FAILED_PRECONDITION, ...). */
    public String code() {
        return code;
    }
}
