package chant.cli;

import chant.cli.error.ErrorHandlers;
import chant.cli.run.RunEnums;
import chant.cli.spec.SpecEnums;
import chant.v1.RejectionAction;
import chant.v1.RunStatus;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Entry point of {@code chant}. {@link #run(CliContext, PrintWriter, PrintWriter, String...)}
 * keeps no state between calls, so tests and other tools can call it many times in one JVM.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureProcess();
        System.exit(run(args));
    }

    /**
     * Settings of a {@code chant} process (not of tests calling {@link #run} in their JVM): picocli
     * leaves out its converters for {@code java.time} and {@code java.sql} types, which it would
     * otherwise look up by reflection on every start. No option of chant has such a type
     * ({@code CommandTreeTest} checks).
     */
    static void configureProcess() {
        if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTER_EXCLUDES, UNUSED_CONVERTERS);
        }
    }

    static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";

    /** The picocli converters chant does without: regular expressions of the types' names. */
    static final String UNUSED_CONVERTERS = "java\\.sql\\..*,java\\.time\\..*";

    /** Runs one command against the real environment, console and network. */
    public static int run(String... args) {
        return run(CliContext.system(), utf8(System.out), utf8(System.err), args);
    }

    /** Runs one command and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine(context, out, err, args).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command tree (converters, output, error handling) with every command. */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        return commandLine(context, out, err, new String[0]);
    }

    /**
     * The configured command tree (converters, output, error handling) for running {@code args}:
     * only the subcommand they name, when they name one (see {@link ChantCommand#subcommandIn}),
     * none when they only ask for the version, else every command.
     */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        ChantCommand root = new ChantCommand(context);
        CommandLine commandLine = new CommandLine(root);
        Optional<String> only = ChantCommand.subcommandIn(args);
        boolean none = ChantCommand.versionOnly(args);
        // Subcommands first: the settings below apply to the commands present when they are made.
        ChantCommand.SUBCOMMANDS.forEach((name, command) -> {
            if (!none && (only.isEmpty() || only.get().equals(name))) {
                commandLine.addSubcommand(name, command);
            }
        });
        commandLine.registerConverter(SpecType.class, SpecEnums.TYPES.converter());
        commandLine.registerConverter(SpecStatus.class, SpecEnums.STATUSES.converter());
        commandLine.registerConverter(RejectionAction.class, SpecEnums.REJECTION_ACTIONS.converter());
        commandLine.registerConverter(RunStatus.class, RunEnums.STATUSES.converter());
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
