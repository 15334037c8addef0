package chant.support.git;

/** A git command that failed, with git's message. */
public final class GitException extends RuntimeException {

    private final int exitCode;

    public GitException(String command, int exitCode, String message) {
        super("git " + command + " failed" + (exitCode > 0 ? " (exit " + exitCode + ")" : "") + ": "
                + (message == null || message.isBlank() ? "no message" : message));
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
