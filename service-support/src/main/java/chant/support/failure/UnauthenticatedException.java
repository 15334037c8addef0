package chant.support.failure;

import io.grpc.Status;

/** The caller did not say who it is, and the request needs to know. Reported as UNAUTHENTICATED. */
public class UnauthenticatedException extends ServiceFailure {

    public UnauthenticatedException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.UNAUTHENTICATED;
    }
}
