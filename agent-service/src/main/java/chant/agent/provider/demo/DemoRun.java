package chant.agent.provider.demo;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.LogText;
import chant.agent.provider.StreamingAgentProcess;
import chant.agent.provider.demo.agent.DemoAgentMain;
import chant.agent.secret.Redactor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running demo agent. Its standard output is its log, one line an action, handed on as it comes
 * (redacted; a line without the {@code [demo agent] } prefix, such as a JVM warning, gets it with
 * {@code output: }), and, last, its JSON result line, which becomes {@code [demo agent] finished: ...}.
 * The outcome comes from the result line alone, never from the exit code: {@code success},
 * {@code failed} (with the agent's reason), or {@code no_result} when it ended without one (with the
 * last lines of standard error).
 */
public final class DemoRun extends StreamingAgentProcess {

    public static final String PREFIX = DemoAgentMain.LOG_PREFIX;
    static final int LINE_MAX = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redactor redactor;
    private final Consumer<String> log;
    private volatile JsonNode result;

    private DemoRun(Process process, Redactor redactor, Consumer<String> log) {
        super(process, "the demo agent", redactor, log, PREFIX + "stderr: ");
        this.redactor = redactor;
        this.log = log;
    }

    static DemoRun start(ProcessBuilder builder, Redactor redactor, Consumer<String> log) throws IOException {
        DemoRun run = new DemoRun(builder.start(), redactor, log);
        run.startReading();
        return run;
    }

    @Override
    protected void stdoutLine(String rawLine) {
        if (rawLine.isBlank()) {
            return;
        }
        // Secrets go before anything is cut short.
        String line = redactor.redact(rawLine);
        Optional<JsonNode> resultEvent = resultEvent(line);
        if (resultEvent.isPresent()) {
            result = resultEvent.get();
            log.accept(PREFIX + describe(result));
        } else if (line.startsWith(PREFIX)) {
            log.accept(PREFIX + LogText.abbreviate(line.substring(PREFIX.length()), LINE_MAX));
        } else {
            log.accept(PREFIX + "output: " + LogText.abbreviate(line, LINE_MAX));
        }
    }

    @Override
    protected AgentOutcome outcome(int exitCode, List<String> stderrTail) {
        JsonNode event = result;
        if (event == null) {
            String reason = "the demo agent ended (exit code " + exitCode + ") without a result"
                    + (stderrTail.isEmpty() ? "; it wrote nothing to standard error" : ": " + String.join(" | ", stderrTail));
            return new AgentOutcome(false, "no_result", Optional.empty(), Optional.of(redactor.redact(reason)),
                    Optional.empty(), Optional.empty(), Optional.empty(), exitCode);
        }
        if (event.path("success").asBoolean(false)) {
            // The final text: what an answer instruction gave, else the summary.
            return new AgentOutcome(true, "success", text(event, "answer").or(() -> text(event, "summary")), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), exitCode);
        }
        String reason = text(event, "reason").orElse("the demo agent reported a failure without a reason");
        return new AgentOutcome(false, "failed", Optional.empty(), Optional.of(reason),
                Optional.empty(), Optional.empty(), Optional.empty(), exitCode);
    }

    private static Optional<JsonNode> resultEvent(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode event = JSON.readTree(line);
            return event != null && event.path("type").asText().equals("result") ? Optional.of(event) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String describe(JsonNode event) {
        boolean success = event.path("success").asBoolean(false);
        String facts = " (" + count(event.path("instructions").asInt(0), "instruction") + ", "
                + count(event.path("commits").asInt(0), "commit") + ")";
        return success ? "finished: success" + facts : "finished: failed" + facts + ": "
                + LogText.abbreviate(text(event, "reason").orElse("no reason given"), LINE_MAX);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static Optional<String> text(JsonNode event, String field) {
        JsonNode value = event.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
