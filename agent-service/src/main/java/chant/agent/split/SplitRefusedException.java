package chant.agent.split;

/** The agent's answer to a split holds no usable members; the message says what was wrong. */
public class SplitRefusedException extends RuntimeException {

    public SplitRefusedException(String message) {
        super(message);
    }
}
