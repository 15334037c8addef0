package chant.failure;

/** A request field is malformed (not spec content: see InvalidSpecException). Maps to INVALID_ARGUMENT. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
