package chant.failure;

/**
 * The request is well-formed but the current state does not allow it (an ambiguous short ID,
 * a spec others depend on). Maps to FAILED_PRECONDITION.
 */
public class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String message) {
        super(message);
    }
}
