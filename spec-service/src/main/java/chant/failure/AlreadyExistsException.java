package chant.failure;

/** Something with that name or ID exists already. Maps to ALREADY_EXISTS. */
public class AlreadyExistsException extends RuntimeException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
