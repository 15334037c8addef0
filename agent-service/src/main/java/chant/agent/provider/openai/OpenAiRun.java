package chant.agent.provider.openai;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentProcess;
import chant.agent.provider.LogText;
import chant.agent.provider.TokenUsage;
import chant.agent.secret.Redactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The platform's own tool loop with a chat-completions model, on a thread of the runner: send the
 * conversation, carry out the tool calls of the answer in their order (each result goes back as a
 * {@code tool} message), and again, until the model calls {@code finish}, or the turns run out.
 *
 * <p>An answer without tool calls is reminded once to use the tools and to call {@code finish};
 * a second one in a row ends the work with its text as the final answer (some models simply stop
 * talking when they are done; the runner still judges by the commits). The log gets the assistant's
 * text, each tool call and a summary of its result, and the end, all redacted. {@link #kill()} stops
 * the loop at once, with a command it is running.
 */
final class OpenAiRun implements AgentProcess {

    static final int TEXT_MAX = 300;
    static final int RESULT_MAX = 200;
    static final String REMINDER = "Use the tools to do the work. When everything is done, call finish with a summary.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatClient client;
    private final WorktreeTools tools;
    private final SandboxedCommand commands;
    private final String model;
    private final int maxTurns;
    private final ArrayNode toolDefinitions;
    private final Redactor redactor;
    private final Consumer<String> log;
    private final ArrayNode messages = JSON.createArrayNode();
    private final CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean killed;
    private TokenUsage usage;
    private int turns;

    OpenAiRun(ChatClient client, WorktreeTools tools, SandboxedCommand commands, String model, int maxTurns,
            ArrayNode toolDefinitions, String systemPrompt, String prompt, Redactor redactor, Consumer<String> log) {
        this.client = client;
        this.tools = tools;
        this.commands = commands;
        this.model = model;
        this.maxTurns = maxTurns;
        this.toolDefinitions = toolDefinitions;
        this.redactor = redactor;
        this.log = log;
        messages.addObject().put("role", "system").put("content", systemPrompt);
        messages.addObject().put("role", "user").put("content", prompt);
        this.thread = new Thread(this::loop, "openai-agent");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public AgentOutcome await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public AgentOutcome await(Duration limit) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            return outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the loop: the request or the command under way ends, and the outcome is a failure. */
    @Override
    public void kill() {
        killed = true;
        client.abort();
        thread.interrupt();
        commands.killRunning();
    }

    private void loop() {
        AgentOutcome result;
        try {
            result = converse();
        } catch (InterruptedException e) {
            result = failure("stopped", "the agent was stopped");
        } catch (ChatApiException e) {
            String reason = killed ? "the agent was stopped" : e.getMessage();
            result = failure(killed ? "stopped" : "error", reason);
        } catch (RuntimeException e) {
            result = failure("error", "the openai provider's loop failed: " + e);
        }
        if (killed && result.succeeded()) {
            result = failure("stopped", "the agent was stopped");
        }
        log.accept(redactor.redact(describe(result)));
        outcome.complete(result);
    }

    private AgentOutcome converse() throws InterruptedException, ChatApiException {
        boolean reminded = false;
        while (turns < maxTurns) {
            if (killed) {
                throw new InterruptedException();
            }
            ObjectNode request = JSON.createObjectNode().put("model", model);
            request.set("messages", messages.deepCopy());
            request.set("tools", toolDefinitions);
            request.put("tool_choice", "auto");
            ChatAnswer answer = client.complete(request);
            turns++;
            answer.usage().ifPresent(u -> usage = usage == null ? u : new TokenUsage(usage.inputTokens() + u.inputTokens(),
                    usage.outputTokens() + u.outputTokens(), 0, usage.cacheReadInputTokens() + u.cacheReadInputTokens()));
            logText(answer.text());
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            if (answer.text().isEmpty() && !answer.toolCalls().isEmpty()) {
                assistant.putNull("content");
            } else {
                assistant.put("content", answer.text());
            }
            if (answer.toolCalls().isEmpty()) {
                if (answer.finishReason().equals("length")) {
                    return failure("error_length", "the model's answer was cut at its token limit (finish_reason length)"
                            + " before it called a tool");
                }
                if (reminded) {
                    return success(answer.text().isBlank() ? Optional.empty() : Optional.of(answer.text().strip()));
                }
                reminded = true;
                messages.addObject().put("role", "user").put("content", REMINDER);
                continue;
            }
            reminded = false;
            ArrayNode calls = assistant.putArray("tool_calls");
            for (ToolCall call : answer.toolCalls()) {
                ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
            Optional<AgentOutcome> finished = Optional.empty();
            for (ToolCall call : answer.toolCalls()) {
                String resultText;
                JsonNode arguments;
                try {
                    arguments = WorktreeTools.arguments(call.arguments());
                } catch (IOException e) {
                    log.accept(redactor.redact("tool " + call.name()));
                    resultText = "error: " + e.getMessage();
                    log.accept(redactor.redact("  " + call.name() + " failed: " + LogText.abbreviate(e.getMessage(), RESULT_MAX)));
                    toolMessage(call, resultText);
                    continue;
                }
                log.accept(redactor.redact("tool " + call.name() + WorktreeTools.detail(call.name(), arguments)));
                if (call.name().equals(WorktreeTools.FINISH)) {
                    String summary = arguments.path("summary").asText("").strip();
                    boolean success = arguments.path("success").asBoolean(true);
                    finished = Optional.of(success ? success(summary.isEmpty() ? Optional.empty() : Optional.of(summary))
                            : failure("failed", "the agent gave up: " + (summary.isEmpty() ? "it gave no reason" : summary)));
                    toolMessage(call, "finished");
                    continue;
                }
                WorktreeTools.Result result = tools.execute(call.name(), arguments);
                if (killed) {
                    throw new InterruptedException();
                }
                log.accept(redactor.redact("  " + call.name() + (result.ok() ? " result: " : " failed: ")
                        + LogText.abbreviate(result.summary(), RESULT_MAX)));
                toolMessage(call, result.text());
            }
            if (finished.isPresent()) {
                return finished.get();
            }
        }
        return failure("error_max_turns", "the model did not call finish within " + maxTurns + " turns (CHANT_OPENAI_MAX_TURNS)");
    }

    private void toolMessage(ToolCall call, String text) {
        messages.addObject().put("role", "tool").put("tool_call_id", call.id()).put("content", text);
    }

    private void logText(String text) {
        String shown = redactor.redact(text).strip();
        if (shown.isEmpty()) {
            return;
        }
        var lines = shown.lines().toList();
        log.accept("assistant: " + cut(lines.get(0)));
        lines.subList(1, lines.size()).forEach(l -> log.accept("  " + cut(l)));
    }

    private AgentOutcome success(Optional<String> text) {
        return new AgentOutcome(true, "success", text.map(redactor::redact), Optional.empty(), Optional.empty(),
                Optional.ofNullable(usage), Optional.of(turns), 0);
    }

    private AgentOutcome failure(String kind, String reason) {
        return new AgentOutcome(false, kind, Optional.empty(), Optional.of(redactor.redact(reason)), Optional.empty(),
                Optional.ofNullable(usage), Optional.of(turns), 1);
    }

    private static String describe(AgentOutcome outcome) {
        StringBuilder line = new StringBuilder("finished: " + (outcome.succeeded() ? "success" : outcome.kind()));
        StringBuilder facts = new StringBuilder();
        outcome.turns().ifPresent(t -> facts.append(t).append(t == 1 ? " turn" : " turns"));
        outcome.usage().ifPresent(u -> facts.append(facts.length() > 0 ? ", " : "").append(u));
        if (facts.length() > 0) {
            line.append(" (").append(facts).append(")");
        }
        outcome.finalText().ifPresent(t -> line.append(": ").append(LogText.abbreviate(t, RESULT_MAX)));
        outcome.failureReason().ifPresent(r -> line.append(": ").append(LogText.abbreviate(r, RESULT_MAX)));
        return line.toString();
    }

    private static String cut(String line) {
        return line.length() > TEXT_MAX ? line.substring(0, TEXT_MAX) + "…" : line;
    }
}
