package chant.support.failure;

import io.grpc.Status;

/** A named project, spec, run or merge does not exist. Reported as NOT_FOUND. */
public class NotFoundException extends ServiceFailure {

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code code() {
        return Status.Code.NOT_FOUND;
    }
}
