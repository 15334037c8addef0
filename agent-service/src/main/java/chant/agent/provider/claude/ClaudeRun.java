package chant.agent.provider.claude;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentProcess;
import chant.agent.provider.LogText;
import chant.agent.secret.Redactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A running Claude Code CLI: its standard output goes through the {@link StreamJsonParser} to the
 * log, its standard error to the log and a short tail kept for a failure without a result.
 */
public final class ClaudeRun implements AgentProcess {

    static final int STDERR_TAIL = 20;

    private final Process process;
    private final StreamJsonParser parser;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private ClaudeRun(Process process, StreamJsonParser parser, Redactor redactor, Consumer<String> log) {
        this.process = process;
        this.parser = parser;
        this.stdoutReader = new Thread(() -> readLines(process.getInputStream(), line -> parser.accept(line).forEach(log)),
                "claude-stdout-" + process.pid());
        this.stderrReader = new Thread(() -> readLines(process.getErrorStream(), line -> {
            String shown = LogText.abbreviate(redactor.redact(line), StreamJsonParser.TEXT_MAX);
            if (shown.isBlank()) {
                return;
            }
            synchronized (stderrTail) {
                if (stderrTail.size() == STDERR_TAIL) {
                    stderrTail.removeFirst();
                }
                stderrTail.addLast(shown);
            }
            log.accept("stderr: " + shown);
        }), "claude-stderr-" + process.pid());
        stdoutReader.setDaemon(true);
        stderrReader.setDaemon(true);
    }

    static ClaudeRun start(ProcessBuilder builder, StreamJsonParser parser, Redactor redactor, Consumer<String> log) throws IOException {
        ClaudeRun run = new ClaudeRun(builder.start(), parser, redactor, log);
        run.stdoutReader.start();
        run.stderrReader.start();
        return run;
    }

    /** The process (bwrap, or the CLI itself when unsandboxed), e.g. to end it with its descendants. */
    public Process process() {
        return process;
    }

    /** Waits for the CLI to end and its output to be read, then judges the outcome by its result event. */
    @Override
    public AgentOutcome await() throws InterruptedException {
        process.waitFor();
        return outcome();
    }

    /**
     * Like {@link #await()}, but gives up after {@code limit}, leaving the process running.
     *
     * @throws TimeoutException when the CLI is still running after {@code limit}
     */
    @Override
    public AgentOutcome await(Duration limit) throws InterruptedException, TimeoutException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("the Claude Code CLI is still running after " + limit);
        }
        return outcome();
    }

    /** Ends the CLI and everything it started (the whole sandbox, when sandboxed). */
    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private AgentOutcome outcome() throws InterruptedException {
        int exitCode = process.exitValue();
        stdoutReader.join();
        stderrReader.join();
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        return parser.outcome(exitCode, tail);
    }

    private static void readLines(InputStream stream, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
