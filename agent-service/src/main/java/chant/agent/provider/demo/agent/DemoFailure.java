package chant.agent.provider.demo.agent;

/** Why the demo agent stops: a script it cannot read, an instruction it refuses or that failed, or a {@code fail}. */
final class DemoFailure extends Exception {

    DemoFailure(String message) {
        super(message);
    }

    DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure at a line of the spec file: {@code line 12: <message>} (no line: 0, just the message). */
    static DemoFailure at(int line, String message) {
        return new DemoFailure(line > 0 ? "line " + line + ": " + message : message);
    }
}
