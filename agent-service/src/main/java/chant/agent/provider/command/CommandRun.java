package chant.agent.provider.command;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.LogText;
import chant.agent.provider.StreamingAgentProcess;
import chant.agent.secret.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A running agent command. Each line of its standard output goes to the log as {@code agent: <line>}
 * and each of standard error as {@code agent stderr: <line>} (redacted, shortened). Exit code 0 is
 * success, with the last {@link #FINAL_LINES} lines of standard output as the final text; any other
 * exit code is a failure naming it with the last lines of standard error (or of output).
 */
public final class CommandRun extends StreamingAgentProcess {

    static final String PROMPT_FILE = "prompt.md";
    static final int LINE_MAX = 500;
    static final int FINAL_LINES = 20;
    static final int REASON_LINES = 5;

    private final Path promptDirectory;
    private final Redactor redactor;
    private final Consumer<String> log;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private AgentOutcome judged;

    private CommandRun(Process process, Path promptDirectory, Redactor redactor, Consumer<String> log) {
        super(process, "the agent command", redactor, log, "agent stderr: ");
        this.promptDirectory = promptDirectory;
        this.redactor = redactor;
        this.log = log;
    }

    static CommandRun start(ProcessBuilder builder, Path promptDirectory, Redactor redactor, Consumer<String> log)
            throws IOException {
        CommandRun run = new CommandRun(builder.start(), promptDirectory, redactor, log);
        run.startReading();
        return run;
    }

    Path promptDirectory() {
        return promptDirectory;
    }

    @Override
    protected void stdoutLine(String rawLine) {
        // Secrets go before anything is cut short.
        String line = redactor.redact(rawLine).stripTrailing();
        if (line.isBlank()) {
            return;
        }
        synchronized (lastLines) {
            if (lastLines.size() == FINAL_LINES) {
                lastLines.removeFirst();
            }
            lastLines.addLast(line);
        }
        log.accept("agent: " + LogText.abbreviate(line, LINE_MAX));
    }

    @Override
    protected synchronized AgentOutcome outcome(int exitCode, List<String> stderrTail) {
        if (judged != null) {
            return judged;
        }
        delete(promptDirectory);
        List<String> last;
        synchronized (lastLines) {
            last = List.copyOf(lastLines);
        }
        Optional<String> text = last.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", last));
        AgentOutcome outcome;
        if (exitCode == 0) {
            outcome = new AgentOutcome(true, "success", text, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), exitCode);
        } else {
            List<String> why = stderrTail.isEmpty() ? last : stderrTail;
            List<String> shown = why.subList(Math.max(0, why.size() - REASON_LINES), why.size());
            String reason = "the agent command exited with code " + exitCode
                    + (shown.isEmpty() ? " and printed nothing" : ": " + String.join(" | ", shown));
            outcome = new AgentOutcome(false, "exit_code", text, Optional.of(redactor.redact(reason)), Optional.empty(),
                    Optional.empty(), Optional.empty(), exitCode);
        }
        log.accept(outcome.succeeded() ? "finished: success (exit code 0)"
                : "finished: failed: " + LogText.abbreviate(outcome.failureReason().orElseThrow(), LINE_MAX));
        judged = outcome;
        return outcome;
    }

    @Override
    public void kill() {
        super.kill();
        delete(promptDirectory);
    }

    static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException gone) {
            // already removed
        }
    }
}
