package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A command line builds only the subcommand it runs (start-up time); help and unknown names get all. */
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
            "--user u project add web --repo r       | project",
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
    @CsvSource(delimiter = '|', value = {"--project p list | list", "--help | ALL", "help show | ALL"})
    void theTreeHoldsOnlyThatSubcommand(String line, String expected) {
        PrintWriter discard = new PrintWriter(new StringWriter());
        Set<String> built = Main.commandLine(CliContext.system(), discard, discard, args(line)).getSubcommands().keySet();

        assertEquals(expected.equals("ALL") ? ChantCommand.SUBCOMMANDS.keySet() : Set.of(expected), built);
    }
}
