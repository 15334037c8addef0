package chant.grpc;

import chant.failure.AlreadyExistsException;
import chant.failure.InvalidRequestException;
import chant.failure.NotFoundException;
import chant.failure.PreconditionFailedException;
import chant.failure.StaleVersionException;
import chant.spec.InvalidSpecException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;

/** Turns domain failures into gRPC statuses with the domain's message. */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable e = unwrap(failure);
        Status status;
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        } else if (e instanceof InvalidSpecException || e instanceof InvalidRequestException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof NotFoundException) {
            status = Status.NOT_FOUND;
        } else if (e instanceof AlreadyExistsException) {
            status = Status.ALREADY_EXISTS;
        } else if (e instanceof PreconditionFailedException) {
            status = Status.FAILED_PRECONDITION;
        } else if (e instanceof StaleVersionException || e instanceof chant.approval.ApprovalDecidedException) {
            status = Status.ABORTED;
        } else if (e instanceof OptimisticLockException || e instanceof StaleStateException) {
            return Status.ABORTED.withDescription("the spec changed while this request ran: read it again and retry")
                    .asRuntimeException();
        } else {
            LOG.error("unexpected failure", e);
            return Status.INTERNAL.withDescription("internal error: " + e.getClass().getSimpleName()
                    + " (see the spec-service log)").asRuntimeException();
        }
        return status.withDescription(e.getMessage()).asRuntimeException();
    }

    /** Transaction interceptors and Hibernate wrap the failure that matters; find it. */
    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        for (int depth = 0; depth < 10 && current.getCause() != null; depth++) {
            if (isDomain(current)) {
                return current;
            }
            current = current.getCause();
        }
        return isDomain(current) || current.getCause() == null ? current : e;
    }

    private static boolean isDomain(Throwable e) {
        return e instanceof StatusRuntimeException
                || e.getClass().getPackageName().startsWith("chant.")
                || e instanceof OptimisticLockException
                || e instanceof StaleStateException;
    }
}
