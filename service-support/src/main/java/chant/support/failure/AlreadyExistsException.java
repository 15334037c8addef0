package chant.support.failure;

import io.grpc.Status;

/** Something with that name or ID exists already. Reported as ALREADY_EXISTS. */
public class AlreadyExistsException extends ServiceFailure {

    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code code() {
        return Status.Code.ALREADY_EXISTS;
    }
}
