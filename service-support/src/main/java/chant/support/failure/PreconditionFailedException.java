package chant.support.failure;

import io.grpc.Status;

/** The request is well-formed, but the current state does not allow it. Reported as FAILED_PRECONDITION. */
public class PreconditionFailedException extends ServiceFailure {

    public PreconditionFailedException(String message) {
        super(message);
    }

    public PreconditionFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code code() {
        return Status.Code.FAILED_PRECONDITION;
    }
}
