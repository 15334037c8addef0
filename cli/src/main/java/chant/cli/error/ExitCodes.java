package chant.cli.error;

/** The exit codes of {@code chant}; docs/cli.md lists them for users. */
public final class ExitCodes {
    public static final int OK = 0;
    /** General failure, or an import that refused files. */
    public static final int FAILED = 1;
    /** Wrong usage: unknown option, bad value, missing argument, no project chosen. */
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int INVALID_ARGUMENT = 4;
    /** FAILED_PRECONDITION or ALREADY_EXISTS: the request conflicts with the stored state. */
    public static final int PRECONDITION = 5;
    /** ABORTED: somebody else changed the spec first. */
    public static final int CONFLICT = 6;
    /** UNAVAILABLE or DEADLINE_EXCEEDED: the server could not be reached in time. */
    public static final int UNAVAILABLE = 7;

    private ExitCodes() {
    }
}
