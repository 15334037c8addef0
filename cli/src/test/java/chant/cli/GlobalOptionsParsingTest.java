package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.config.GlobalOptions;
import chant.cli.testing.Parsing;
import org.junit.jupiter.api.Test;

class GlobalOptionsParsingTest {

    private static GlobalOptions parsedGlobals(String... args) {
        ClientCommand command = Parsing.parse(args);
        return ((ChantCommand) command.spec.root().userObject()).global();
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommand() {
        GlobalOptions global = parsedGlobals("--server", "h:1", "--project", "p", "--token-file", "t", "--verbose", "list");

        assertEquals("h:1", global.server());
        assertEquals("p", global.project());
        assertEquals("t", global.tokenFile());
        assertTrue(global.verbose());
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandAndOnNestedOnes() {
        GlobalOptions global = parsedGlobals("list", "--server", "h:1", "--project", "p", "--token-file", "t", "--verbose");
        GlobalOptions nested = parsedGlobals("project", "list", "--server", "h:2");

        assertEquals("h:1", global.server());
        assertEquals("p", global.project());
        assertEquals("t", global.tokenFile());
        assertTrue(global.verbose());
        assertEquals("h:2", nested.server());
    }

    @Test
    void bothPositionsMix() {
        GlobalOptions global = parsedGlobals("--server", "h:1", "show", "x7m", "--project", "p");

        assertEquals("h:1", global.server());
        assertEquals("p", global.project());
    }
}
