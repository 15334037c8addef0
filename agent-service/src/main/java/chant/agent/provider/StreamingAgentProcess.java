package chant.agent.provider;

import chant.agent.secret.Redactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The process plumbing every agent provider shares: a started agent process whose standard output is
 * read line by line as it comes (each line to {@link #stdoutLine(String)}, on a reader thread of its
 * own), whose standard error goes to the log (redacted, abbreviated, with a prefix) and into a short
 * tail kept for a failure without a result; waiting for it (with or without a limit) until the
 * process has ended and both streams are read; and ending it with every process it started.
 *
 * <p>A provider's run extends this class, turns output lines into log lines and its outcome in
 * {@link #stdoutLine(String)}, and judges the outcome in {@link #outcome(int, List)}. It calls
 * {@link #startReading()} once its own fields are set (never from its constructor's superclass call).
 */
public abstract class StreamingAgentProcess implements AgentProcess {

    /** How many of the last standard-error lines are kept for the failure reason. */
    public static final int STDERR_TAIL = 20;
    /** The longest standard-error line shown in the log. */
    public static final int STDERR_MAX = 300;

    private final Process process;
    private final String agentName;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    /**
     * @param process      the started process (bwrap, or the agent itself when unsandboxed)
     * @param agentName    what people call the agent, for thread names and messages ({@code the Claude Code CLI})
     * @param redactor     removes secrets from standard error before anything is kept or logged
     * @param log          where log lines go
     * @param stderrPrefix what each standard-error log line starts with ({@code stderr: })
     */
    protected StreamingAgentProcess(Process process, String agentName, Redactor redactor, Consumer<String> log,
            String stderrPrefix) {
        this.process = process;
        this.agentName = agentName;
        this.stdoutReader = new Thread(() -> readLines(process.getInputStream(), this::stdoutLine),
                "agent-stdout-" + process.pid());
        this.stderrReader = new Thread(() -> readLines(process.getErrorStream(), line -> {
            // Secrets go before anything is cut short: a key cut in half would escape the redactor.
            String shown = LogText.abbreviate(redactor.redact(line), STDERR_MAX);
            if (shown.isBlank()) {
                return;
            }
            synchronized (stderrTail) {
                if (stderrTail.size() == STDERR_TAIL) {
                    stderrTail.removeFirst();
                }
                stderrTail.addLast(shown);
            }
            log.accept(stderrPrefix + shown);
        }), "agent-stderr-" + process.pid());
        stdoutReader.setDaemon(true);
        stderrReader.setDaemon(true);
    }

    /** Starts reading both streams; call once, after the subclass's fields are set. */
    protected final void startReading() {
        stdoutReader.start();
        stderrReader.start();
    }

    /** One line of the agent's standard output, in order, from the stdout reader thread. */
    protected abstract void stdoutLine(String line);

    /**
     * The outcome, once the process has ended and both streams are read.
     *
     * @param exitCode   the process's exit code (to record, not to judge by)
     * @param stderrTail the last lines of standard error (redacted), for a failure without a result
     */
    protected abstract AgentOutcome outcome(int exitCode, List<String> stderrTail);

    /** The process (bwrap, or the agent itself when unsandboxed), e.g. to end it with its descendants. */
    public Process process() {
        return process;
    }

    /** Waits for the agent to end and its output to be read, then judges the outcome. */
    @Override
    public AgentOutcome await() throws InterruptedException {
        process.waitFor();
        return finish();
    }

    /**
     * Like {@link #await()}, but gives up after {@code limit}, leaving the process running.
     *
     * @throws TimeoutException when the agent is still running after {@code limit}
     */
    @Override
    public AgentOutcome await(Duration limit) throws InterruptedException, TimeoutException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(agentName + " is still running after " + limit);
        }
        return finish();
    }

    /** Ends the agent and everything it started (the whole sandbox, when sandboxed). */
    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private AgentOutcome finish() throws InterruptedException {
        int exitCode = process.exitValue();
        stdoutReader.join();
        stderrReader.join();
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        return outcome(exitCode, tail);
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
