package chant.support.failure;

import io.grpc.Status;

/** Something the service depends on cannot be reached right now: retrying later can succeed. Reported as UNAVAILABLE. */
public class UnavailableException extends ServiceFailure {

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code code() {
        return Status.Code.UNAVAILABLE;
    }
}
