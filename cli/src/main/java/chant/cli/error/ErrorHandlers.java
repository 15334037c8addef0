package chant.cli.error;

import chant.cli.CliException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** How failures are printed: one line on standard error, a stack trace only with --verbose. */
public final class ErrorHandlers {

    private ErrorHandlers() {
    }

    /** Wrong usage: the parser's message, a suggestion, exit code 2. */
    public static IParameterExceptionHandler usage() {
        return (ParameterException ex, String[] args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("chant: " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        };
    }

    /**
     * Failures while a command runs: {@link CliException}s (gRPC statuses are translated into
     * them by ClientCommand) as their message, anything else as an unexpected error.
     */
    public static IExecutionExceptionHandler execution(BooleanSupplier verbose) {
        return (Exception ex, CommandLine cmd, ParseResult parseResult) -> {
            PrintWriter err = cmd.getErr();
            int exitCode;
            Throwable trace;
            if (ex instanceof CliException failure) {
                err.println("chant: " + failure.getMessage());
                exitCode = failure.exitCode();
                trace = failure.getCause();
            } else {
                err.println("chant: unexpected error: " + ex
                        + (verbose.getAsBoolean() ? "" : " (run again with --verbose for the stack trace)"));
                exitCode = ExitCodes.FAILED;
                trace = ex;
            }
            if (verbose.getAsBoolean() && trace != null) {
                trace.printStackTrace(err);
            }
            err.flush();
            return exitCode;
        };
    }
}
