package chant.agent.provider.demo.agent;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * One instruction of a {@code chant-demo} block. {@link #line()} is its line in the spec file.
 */
sealed interface DemoInstruction {

    /** The longest {@code sleep}: a demo waits, it does not hang. */
    Duration MAX_SLEEP = Duration.ofSeconds(600);

    int line();

    /** {@code write <path>}, then the file's content up to a line {@code end}: the file is replaced. */
    record Write(int line, String path, String content) implements DemoInstruction {
    }

    /** {@code append <path>}, then the content up to a line {@code end}: added at the file's end (created if missing). */
    record Append(int line, String path, String content) implements DemoInstruction {
    }

    /** {@code check all} (empty {@code number}) or {@code check <n>}: ticks acceptance criteria (n is 1-based). */
    record Check(int line, OptionalInt number) implements DemoInstruction {
    }

    /** {@code commit <message>}: {@code git add -A} and {@code git commit -m <message>}. */
    record Commit(int line, String message) implements DemoInstruction {
    }

    /** {@code sleep <seconds>}: waits, so that a live run can be watched. */
    record Sleep(int line, Duration duration) implements DemoInstruction {
    }

    /** {@code answer}, then lines up to a line {@code end}: the agent's final text (a split run reads its members there). */
    record Answer(int line, String text) implements DemoInstruction {
    }

    /** {@code fail <reason>}: ends the run as a failure with this reason. */
    record Fail(int line, String reason) implements DemoInstruction {
    }
}
