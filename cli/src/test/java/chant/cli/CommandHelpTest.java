package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandHelpTest extends InProcessCliTest {

    @ParameterizedTest
    @ValueSource(strings = {"transition", "start", "complete", "fail", "pause", "ready", "dag", "approve", "reject",
            "cancel", "reset", "history", "watch", "status", "lint", "work", "split", "log", "runs", "cancel-run",
            "takeover", "cleanup"})
    void everyCommandHasHelpAndIsListedByTheRoot(String command) {
        Result help = run(command, "--help");
        Result root = run("--help");

        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().startsWith("Usage: chant " + command), help.out());
        assertTrue(root.outLines().stream().anyMatch(line -> line.startsWith("  " + command + " ")), root.out());
        assertEquals("", help.err());
    }
}
