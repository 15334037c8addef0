package chant.cli;

import chant.cli.error.ExitCodes;

/**
 * An expected failure: printed as one line {@code chant: <message>} on standard error, and
 * the command exits with {@link #exitCode()}. The cause (if any) is printed only with --verbose.
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A failure of the general kind (exit code 1). */
    public static CliException failed(String message, Throwable cause) {
        return new CliException(ExitCodes.FAILED, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The same failure with more text after the message, for example where a file was kept. */
    public CliException withSuffix(String suffix) {
        return new CliException(exitCode, getMessage() + suffix, getCause());
    }
}
