package chant.support.failure;

import io.grpc.Status;

/**
 * A failure a client can act on: it carries the gRPC status it is reported with, and a message
 * that says what was wrong and how to fix it. {@code chant.support.grpc.FailureStatuses} turns it
 * into that status, once for every service.
 */
public abstract class ServiceFailure extends RuntimeException {

    protected ServiceFailure(String message) {
        super(message);
    }

    protected ServiceFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The status code the client sees. */
    public abstract Status.Code code();
}
