package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OverviewTest extends InProcessCliTest {

    @Test
    void aBareChantPrintsTheCommandsInShortAndHowToGetHelp() {
        Result result = run();

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.err());
        List<String> lines = result.outLines();
        assertTrue(lines.size() <= 26 && lines.size() > 20, result.out());
        assertTrue(lines.contains("Specs:"), result.out());
        assertTrue(lines.stream().anyMatch(line -> line.matches("  add +Create a spec")), result.out());
        assertTrue(lines.contains("Agent runs:"), result.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("  work, split, cancel-run ")), result.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("  log, runs ")), result.out());
        assertTrue(lines.stream().allMatch(line -> line.length() <= 100), result.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Help: 'chant COMMAND --help'")), result.out());
    }

    @Test
    void everyCommandIsNamedInTheOverview() {
        CommandLine root = Main.commandLine(CliContext.system(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        Set<String> named = Overview.GROUPS.stream()
                .flatMap(group -> group.commands().stream())
                .flatMap(command -> List.of(command[0].split(", ")).stream())
                .map(name -> name.split(" ")[0])
                .collect(Collectors.toSet());

        Set<String> commands = root.getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help"))
                .collect(Collectors.toSet());

        assertEquals(commands, named);
    }
}
