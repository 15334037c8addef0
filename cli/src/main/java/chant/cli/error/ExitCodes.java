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
    /** UNAUTHENTICATED, or no token to send: the services do not know who you are. */
    public static final int UNAUTHENTICATED = 14;
    /** PERMISSION_DENIED: your token is valid but lacks the role or right. */
    public static final int PERMISSION_DENIED = 15;

    // How a run that chant work or chant log --follow followed ended, when not with 0 (it
    // succeeded and its spec is completed).
    /** The run failed. */
    public static final int RUN_FAILED = 8;
    /** The run was cancelled. */
    public static final int RUN_CANCELLED = 9;
    /** The run took longer than its timeout. */
    public static final int RUN_TIMED_OUT = 10;
    /** The run's runner stopped reporting. */
    public static final int RUN_LOST = 11;
    /** The run succeeded, but its spec is not completed (needs_attention, failed, the result refused). */
    public static final int SPEC_NOT_COMPLETED = 12;
    /** The run succeeded, but its result has not reached spec-service yet. */
    public static final int RESULT_PENDING = 13;
    /** Ctrl-C while following a run (128 + SIGINT); the run goes on. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
