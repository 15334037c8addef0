package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * A command line builds only the subcommand it runs (start-up time), none for the version alone;
 * help and unknown names get all.
 */
class CommandTreeTest {

    private static String[] args(String line) {
        return line == null || line.isBlank() ? new String[0] : line.trim().split(" +");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "list                                    | list",
            "--project p list --json                 | list",
            "--spec-server h:1 --timeout 2 show x    | show",
            "--project=p --verbose edit x --title T  | edit",
            "--token-file t project add web --repo r | project",
            "--server list add T                     | add",
            "--help                                  | ",
            "help list                               | ",
            "lits                                    | ",
            "--project p                             | ",
            "-- list                                 | ",
            "                                        | "})
    void theSubcommandIsTheFirstArgumentThatIsNeitherAnOptionNorItsValue(String line, String expected) {
        assertEquals(Optional.ofNullable(expected), ChantCommand.subcommandIn(args(line)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--project p list | list", "--help | ALL", "help show | ALL",
            "--version | NONE", "-V --project p | NONE", "--server=h:1 --verbose --version | NONE",
            "--version list | list", "--version --help | ALL", "--version lits | ALL"})
    void theTreeHoldsOnlyThatSubcommand(String line, String expected) {
        PrintWriter discard = new PrintWriter(new StringWriter());
        Set<String> built = Main.commandLine(CliContext.system(), discard, discard, args(line)).getSubcommands().keySet();

        assertEquals(switch (expected) {
            case "ALL" -> ChantCommand.SUBCOMMANDS.keySet();
            case "NONE" -> Set.of();
            default -> Set.of(expected);
        }, built);
    }

    @Test
    void noOptionNeedsAConverterThatAChantProcessLeavesOut() {
        PrintWriter discard = new PrintWriter(new StringWriter());
        List<String> patterns = Arrays.asList(Main.UNUSED_CONVERTERS.split(","));
        List<String> needing = new ArrayList<>();
        collect(Main.commandLine(CliContext.system(), discard, discard), patterns, needing);

        assertEquals(List.of(), needing);
    }

    private static void collect(CommandLine command, List<String> patterns, List<String> needing) {
        for (ArgSpec arg : command.getCommandSpec().args()) {
            List<Class<?>> types = new ArrayList<>(Arrays.asList(arg.auxiliaryTypes()));
            types.add(arg.type());
            for (Class<?> type : types) {
                if (patterns.stream().anyMatch(type.getName()::matches)) {
                    needing.add(command.getCommandName() + " " + arg.paramLabel() + ": " + type.getName());
                }
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, patterns, needing));
    }
}
