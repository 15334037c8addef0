package chant.support.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule for verify commands, as spec-service's settings and agent-service's verify runs apply it. */
class VerifyCommandsTest {

    @Test
    void aCommandWithinTheLimitsHasNoProblem() {
        assertEquals(Optional.empty(), VerifyCommands.problem("cmd", List.of("./gradlew", "test", "--offline"), ""));
        assertEquals(Optional.empty(), VerifyCommands.problem("cmd", Collections.nCopies(64, "x".repeat(4096)), ""));
        assertEquals(Optional.empty(), VerifyCommands.problem("cmd", List.of(), ""), "emptiness is the caller's to judge");
    }

    @Test
    void eachProblemIsNamedWithTheCallersField() {
        assertEquals(Optional.of("cmd has 65 arguments: use at most 64 (put a longer command into a script in the"
                + " repository)"), VerifyCommands.problem("cmd", Collections.nCopies(65, "x"), ""));
        assertEquals(Optional.of("cmd argument 2 is empty: every argument of the command needs at least one character"
                + " (a note)"), VerifyCommands.problem("cmd", List.of("make", ""), " (a note)"));
        assertEquals(Optional.of("cmd argument 1 has 4097 characters: use at most 4096"),
                VerifyCommands.problem("cmd", List.of("x".repeat(4097)), ""));
    }
}
