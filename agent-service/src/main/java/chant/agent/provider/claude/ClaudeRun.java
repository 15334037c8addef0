package chant.agent.provider.claude;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.StreamingAgentProcess;
import chant.agent.secret.Redactor;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running Claude Code CLI: its standard output goes through the {@link StreamJsonParser} to the
 * log, its standard error to the log and a short tail kept for a failure without a result.
 */
public final class ClaudeRun extends StreamingAgentProcess {

    private final StreamJsonParser parser;
    private final Consumer<String> log;

    private ClaudeRun(Process process, StreamJsonParser parser, Redactor redactor, Consumer<String> log) {
        super(process, "the Claude Code CLI", redactor, log, "stderr: ");
        this.parser = parser;
        this.log = log;
    }

    static ClaudeRun start(ProcessBuilder builder, StreamJsonParser parser, Redactor redactor, Consumer<String> log) throws IOException {
        ClaudeRun run = new ClaudeRun(builder.start(), parser, redactor, log);
        run.startReading();
        return run;
    }

    @Override
    protected void stdoutLine(String line) {
        parser.accept(line).forEach(log);
    }

    /** Judged by the CLI's result event, never by the exit code. */
    @Override
    protected AgentOutcome outcome(int exitCode, List<String> stderrTail) {
        return parser.outcome(exitCode, stderrTail);
    }
}
