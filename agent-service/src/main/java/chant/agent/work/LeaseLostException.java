package chant.agent.work;

/** The runner no longer holds its run (taken over, ended, or cancelled and swept): it must stop at once. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
