package chant.support.failure;

import io.grpc.Status;

/** Another writer won a race (a stale version, a decision made meanwhile): read again and retry. Reported as ABORTED. */
public class ConflictException extends ServiceFailure {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code code() {
        return Status.Code.ABORTED;
    }
}
