package chant.support.failure;

import io.grpc.Status;

/** The caller is known but may not do this. Reported as PERMISSION_DENIED. */
public class PermissionDeniedException extends ServiceFailure {

    public PermissionDeniedException(String message) {
        super(message);
    }

    @Override
    public Status.Code code() {
        return Status.Code.PERMISSION_DENIED;
    }
}
