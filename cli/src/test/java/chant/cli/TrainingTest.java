package chant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bin/chant's archive is made from this run: it must keep working as the commands change, silently. */
class TrainingTest {

    @Test
    void theTrainingRunCompletesAndPrintsNothing() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            Training.main(new String[0]);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
