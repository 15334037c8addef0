package chant.cli.error;

import chant.cli.CliException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures are printed: one line on standard error, a stack trace only with --verbose.
 *
 * <p>The handlers are classes, not lambdas: picocli's interfaces are compiled for Java 5, and a
 * lambda implementing one keeps the interface out of bin/chant's class-data archive.
 */
public final class ErrorHandlers {

    private ErrorHandlers() {
    }

    /** Usage lines longer than this get no suggestions. */
    static final int MAX_LINE = 100;

    /**
     * Wrong usage: one line with the parser's message, exit code 2. Picocli's suggestions
     * ("did you mean") are added when the line still fits {@link #MAX_LINE} columns.
     */
    public static IParameterExceptionHandler usage() {
        return new IParameterExceptionHandler() {
            @Override
            public int handleParseException(ParameterException ex, String[] args) {
                PrintWriter err = ex.getCommandLine().getErr();
                err.println(usageLine(ex));
                err.flush();
                return ExitCodes.USAGE;
            }
        };
    }

    static String usageLine(ParameterException ex) {
        String line = "chant: " + StatusMessages.oneLine(ex.getMessage());
        List<String> suggestions = ex instanceof UnmatchedArgumentException unmatched
                ? unmatched.getSuggestions() : List.of();
        if (!suggestions.isEmpty()) {
            String withSuggestions = line + " (did you mean " + String.join(" or ", suggestions) + "?)";
            if (withSuggestions.length() <= MAX_LINE) {
                return withSuggestions;
            }
        }
        return line;
    }

    /**
     * Failures while a command runs: {@link CliException}s (gRPC statuses are translated into
     * them by ClientCommand) as their message, anything else as an unexpected error.
     */
    public static IExecutionExceptionHandler execution(BooleanSupplier verbose) {
        return new IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
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
            }
        };
    }
}
