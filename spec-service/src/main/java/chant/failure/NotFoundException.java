package chant.failure;

/** A named project, spec or driver does not exist. Maps to NOT_FOUND. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
