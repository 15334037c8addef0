package chant.agent.provider.claude;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.LogText;
import chant.agent.provider.TokenUsage;
import chant.agent.secret.Redactor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Claude Code CLI's {@code --output-format stream-json --verbose} output, one JSON object a
 * line, into (a) human-readable lines for the live log and (b) the outcome.
 *
 * <p>The events: {@code system} ({@code init}: model, tools, cwd), {@code assistant} (text and
 * {@code tool_use} blocks), {@code user} ({@code tool_result} blocks), and last {@code result}
 * ({@code subtype}, {@code is_error}, {@code result}, {@code total_cost_usd}, {@code usage},
 * {@code num_turns}). The outcome comes from the {@code result} event alone, never from the exit code:
 * a rate limit can end with exit code 0 and {@code is_error: true}, and a CLI that ends without a
 * result has failed whatever its exit code. Every log line and failure reason passes through the
 * {@link Redactor}. Not thread-safe: one reader feeds it.
 */
public final class StreamJsonParser {

    static final int TEXT_MAX = 300;
    static final int DETAIL_MAX = 160;
    static final int RESULT_MAX = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redactor redactor;
    private final Map<String, String> toolNames = new HashMap<>();
    private JsonNode result;

    public StreamJsonParser(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The log lines for one line of the CLI's standard output (none for events that say nothing to people). */
    public List<String> accept(String rawLine) {
        if (rawLine.isBlank()) {
            return List.of();
        }
        // Secrets go before anything is cut short: a key cut in half would escape the redactor.
        String line = redactor.redact(rawLine);
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return redacted(List.of("output: " + LogText.abbreviate(line, TEXT_MAX)));
        }
        if (event == null || !event.isObject()) {
            return redacted(List.of("output: " + LogText.abbreviate(line, TEXT_MAX)));
        }
        List<String> lines = new ArrayList<>();
        switch (event.path("type").asText()) {
            case "system" -> system(event, lines);
            case "assistant" -> assistant(event, lines);
            case "user" -> user(event, lines);
            case "result" -> {
                result = event;
                lines.add(describeResult(event));
            }
            default -> {
                // stream_event and other progress events: nothing for people to read.
            }
        }
        return redacted(lines);
    }

    /** Whether the final {@code result} event has been seen. */
    public boolean hasResult() {
        return result != null;
    }

    /**
     * The outcome once the CLI has ended.
     *
     * @param exitCode   the process's exit code (recorded, not judged)
     * @param stderrTail the last lines it wrote to standard error, for a failure without a result event
     */
    public AgentOutcome outcome(int exitCode, List<String> stderrTail) {
        if (result == null) {
            String reason = "the Claude Code CLI ended (exit code " + exitCode + ") without a result"
                    + (stderrTail.isEmpty() ? "; it wrote nothing to standard error" : ": " + String.join(" | ", stderrTail));
            return new AgentOutcome(false, "no_result", Optional.empty(), Optional.of(redactor.redact(reason)),
                    Optional.empty(), Optional.empty(), Optional.empty(), exitCode);
        }
        String subtype = result.path("subtype").asText("unknown");
        boolean isError = result.path("is_error").asBoolean(false);
        Optional<String> text = textField(result, "result").map(redactor::redact);
        boolean succeeded = !isError && subtype.equals("success");
        // An API error (a rate limit, a refused request) comes as subtype success with is_error set.
        String kind = isError && subtype.equals("success") ? "error" : subtype;
        Optional<String> reason = Optional.empty();
        if (!succeeded) {
            StringBuilder why = new StringBuilder(kind.equals("error") ? "the Claude Code CLI ended with an error"
                    : "the Claude Code CLI reported " + subtype);
            if (result.hasNonNull("api_error_status")) {
                why.append(", API status ").append(result.get("api_error_status").asText());
            }
            text.ifPresent(t -> why.append(": ").append(LogText.abbreviate(t, RESULT_MAX)));
            reason = Optional.of(redactor.redact(why.toString()));
        }
        Optional<BigDecimal> cost = result.path("total_cost_usd").isNumber()
                ? Optional.of(result.get("total_cost_usd").decimalValue()) : Optional.empty();
        Optional<Integer> turns = result.path("num_turns").isNumber()
                ? Optional.of(result.get("num_turns").asInt()) : Optional.empty();
        return new AgentOutcome(succeeded, kind, text, reason, cost, usage(result.path("usage")), turns, exitCode);
    }

    private void system(JsonNode event, List<String> lines) {
        String subtype = event.path("subtype").asText("");
        if (subtype.equals("init")) {
            lines.add("session: model " + event.path("model").asText("?") + ", " + event.path("tools").size() + " tools, "
                    + "permission mode " + event.path("permissionMode").asText("?") + ", in " + event.path("cwd").asText("?"));
        } else if (!subtype.isEmpty()) {
            lines.add("system: " + subtype);
        }
    }

    private void assistant(JsonNode event, List<String> lines) {
        for (JsonNode block : event.path("message").path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    String text = block.path("text").asText("").strip();
                    if (!text.isEmpty()) {
                        List<String> textLines = text.lines().toList();
                        lines.add("assistant: " + cut(textLines.get(0), TEXT_MAX));
                        textLines.subList(1, textLines.size()).forEach(l -> lines.add("  " + cut(l, TEXT_MAX)));
                    }
                }
                case "tool_use" -> {
                    String name = block.path("name").asText("?");
                    toolNames.put(block.path("id").asText(), name);
                    String detail = toolDetail(name, block.path("input"));
                    lines.add("tool " + name + (detail.isEmpty() ? "" : " " + detail));
                }
                default -> {
                    // thinking blocks stay private
                }
            }
        }
    }

    private void user(JsonNode event, List<String> lines) {
        JsonNode content = event.path("message").path("content");
        if (!content.isArray()) {
            return;
        }
        for (JsonNode block : content) {
            if (!block.path("type").asText().equals("tool_result")) {
                continue;
            }
            String tool = toolNames.getOrDefault(block.path("tool_use_id").asText(), "tool");
            String text = resultText(block.path("content"));
            boolean error = block.path("is_error").asBoolean(false);
            lines.add("  " + tool + (error ? " failed: " : " result: ") + (text.isBlank() ? "(no output)" : LogText.abbreviate(text, RESULT_MAX)));
        }
    }

    private String describeResult(JsonNode event) {
        String subtype = event.path("subtype").asText("unknown");
        boolean isError = event.path("is_error").asBoolean(false);
        StringBuilder line = new StringBuilder(!isError && subtype.equals("success") ? "finished: success" : "finished: " + subtype
                + (isError ? " (error)" : ""));
        List<String> facts = new ArrayList<>();
        if (event.path("num_turns").isNumber()) {
            facts.add(event.get("num_turns").asInt() + " turns");
        }
        if (event.path("total_cost_usd").isNumber()) {
            facts.add("$" + event.get("total_cost_usd").decimalValue().setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        }
        usage(event.path("usage")).ifPresent(u -> facts.add(u.toString()));
        if (!facts.isEmpty()) {
            line.append(" (").append(String.join(", ", facts)).append(")");
        }
        textField(event, "result").ifPresent(t -> line.append(": ").append(LogText.abbreviate(t, RESULT_MAX)));
        return line.toString();
    }

    private static Optional<TokenUsage> usage(JsonNode usage) {
        if (!usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("cache_creation_input_tokens").asLong(0), usage.path("cache_read_input_tokens").asLong(0)));
    }

    /** What a tool call is about, in a few words: the file it writes, the command it runs, ... */
    static String toolDetail(String name, JsonNode input) {
        for (String field : List.of("file_path", "notebook_path", "command", "pattern", "url", "query", "description", "path")) {
            if (input.path(field).isTextual()) {
                return LogText.abbreviate(input.get(field).asText(), DETAIL_MAX);
            }
        }
        return input.isObject() && input.size() > 0 ? LogText.abbreviate(input.toString(), DETAIL_MAX) : "";
    }

    private static String resultText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(part.path("text").asText(""));
            } else if (part.has("type")) {
                text.append(text.length() > 0 ? "\n" : "").append('[').append(part.get("type").asText()).append(']');
            }
        }
        return text.toString();
    }

    private static Optional<String> textField(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String cut(String line, int max) {
        return line.length() > max ? line.substring(0, max) + "…" : line;
    }

    private List<String> redacted(List<String> lines) {
        return lines.stream().map(redactor::redact).toList();
    }
}
