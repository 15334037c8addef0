package chant.cli;

import chant.cli.error.ErrorHandlers;
import chant.cli.spec.SpecEnums;
import chant.v1.RejectionAction;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of {@code chant}. {@link #run(CliContext, PrintWriter, PrintWriter, String...)}
 * keeps no state between calls, so tests and other tools can call it many times in one JVM.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command against the real environment, console and network. */
    public static int run(String... args) {
        return run(CliContext.system(), utf8(System.out), utf8(System.err), args);
    }

    /** Runs one command and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine(context, out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command tree (converters, output, error handling) of one run. */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        ChantCommand root = new ChantCommand(context);
        CommandLine commandLine = new CommandLine(root);
        commandLine.registerConverter(SpecType.class, SpecEnums.TYPES.converter());
        commandLine.registerConverter(SpecStatus.class, SpecEnums.STATUSES.converter());
        commandLine.registerConverter(RejectionAction.class, SpecEnums.REJECTION_ACTIONS.converter());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(ErrorHandlers.usage());
        commandLine.setExecutionExceptionHandler(ErrorHandlers.execution(() -> root.global().verbose()));
        return commandLine;
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
