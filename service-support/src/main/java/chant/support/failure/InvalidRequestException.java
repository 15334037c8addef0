package chant.support.failure;

import io.grpc.Status;

/** A request field is malformed or out of range. Reported as INVALID_ARGUMENT. */
public class InvalidRequestException extends ServiceFailure {

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code code() {
        return Status.Code.INVALID_ARGUMENT;
    }
}
