package chant.cli.testing;

import chant.cli.CliContext;
import chant.cli.Main;
import chant.cli.ProcessRunner;
import chant.cli.Terminal;
import chant.cli.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parses command lines with the real command tree, without running anything. */
public final class Parsing {

    private Parsing() {
    }

    /** The command object of the last subcommand after parsing {@code args}. */
    @SuppressWarnings("unchecked")
    public static <T> T parseWithStdin(String stdin, String... args) {
        CliContext context = new CliContext(Settings.of(Map.of(), new Properties()),
                (service, address) -> {
                    throw new AssertionError("parsing must not connect");
                },
                new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false),
                (ProcessRunner) command -> {
                    throw new AssertionError("parsing must not start processes");
                });
        CommandLine commandLine = Main.commandLine(context, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        ParseResult result = commandLine.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (T) result.commandSpec().userObject();
    }

    public static <T> T parse(String... args) {
        return parseWithStdin("", args);
    }
}
