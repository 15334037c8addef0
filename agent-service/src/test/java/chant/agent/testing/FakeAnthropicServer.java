package chant.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks the Anthropic Messages API the way the Claude Code CLI uses it
 * ({@code POST /v1/messages?beta=true} with {@code stream: true}, answered with server-sent events:
 * {@code message_start}, {@code content_block_start} / {@code content_block_delta} ({@code text_delta},
 * or {@code input_json_delta} for a tool call) / {@code content_block_stop}, {@code message_delta}
 * with {@code stop_reason} and usage, {@code message_stop}).
 *
 * <p>Scripted per test: each agent request (a streamed request offering tools) gets the next
 * {@link Turn}, a tool call or a final text. The CLI runs the tool and calls again with the
 * {@code tool_result}. Every request is recorded. Anything else (a non-streaming request, a request
 * without tools, count_tokens, HEAD or GET probes) is answered harmlessly and does not use up a turn;
 * the CLI 2.1.328 sends none of those in print mode, but a later version may.
 */
public final class FakeAnthropicServer implements AutoCloseable {

    /** Tokens each scripted answer reports. */
    public static final int INPUT_TOKENS = 100;
    public static final int OUTPUT_TOKENS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer. */
    public sealed interface Turn permits ToolCall, FinalText, ApiError {
    }

    /** The model calls a tool, e.g. {@code Write} with {@code file_path} and {@code content}. */
    public record ToolCall(String name, Map<String, Object> input) implements Turn {
    }

    /** The model ends its work with a text. */
    public record FinalText(String text) implements Turn {
    }

    /** The API refuses the request with an HTTP error status and an Anthropic error body. */
    public record ApiError(int status, String type, String message) implements Turn {
    }

    /** A request as the server received it. */
    public record RecordedRequest(String method, String path, String apiKey, JsonNode body) {

        public boolean streaming() {
            return body.path("stream").asBoolean(false);
        }

        public String model() {
            return body.path("model").asText(null);
        }

        public List<String> toolNames() {
            List<String> names = new ArrayList<>();
            body.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
            return names;
        }

        /** The system prompt's text (a string or text blocks). */
        public String systemPrompt() {
            return text(body.path("system"));
        }

        public JsonNode messages() {
            return body.path("messages");
        }

        /** All text the user's messages carry, tool results included. */
        public String userText() {
            StringBuilder text = new StringBuilder();
            for (JsonNode message : messages()) {
                if (message.path("role").asText().equals("user")) {
                    text.append(text(message.path("content"))).append('\n');
                }
            }
            return text.toString();
        }

        private static String text(JsonNode content) {
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode block : content) {
                if (block.path("text").isTextual()) {
                    text.append(block.get("text").asText()).append('\n');
                } else if (block.path("type").asText().equals("tool_result")) {
                    text.append(text(block.path("content"))).append('\n');
                }
            }
            return text.toString();
        }
    }

    private final LoopbackHttp server;
    private final List<Turn> script;
    private final AtomicInteger nextTurn = new AtomicInteger();
    private final List<RecordedRequest> agentRequests = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> otherRequests = new CopyOnWriteArrayList<>();

    private FakeAnthropicServer(List<Turn> script) throws IOException {
        this.script = List.copyOf(script);
        this.server = LoopbackHttp.start("fake-anthropic", this::handle);
    }

    /** A server on 127.0.0.1 and a free port that answers with these turns, in order. */
    public static FakeAnthropicServer start(Turn... turns) throws IOException {
        return new FakeAnthropicServer(List.of(turns));
    }

    public static Turn toolCall(String name, Map<String, Object> input) {
        return new ToolCall(name, input);
    }

    public static Turn finalText(String text) {
        return new FinalText(text);
    }

    /** E.g. {@code apiError(400, "invalid_request_error", "...")}; the CLI does not retry a 400. */
    public static Turn apiError(int status, String type, String message) {
        return new ApiError(status, type, message);
    }

    /** What {@code ANTHROPIC_BASE_URL} should be. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The agent's requests, each answered with the next turn. */
    public List<RecordedRequest> agentRequests() {
        return List.copyOf(agentRequests);
    }

    /** Every other request the CLI made. */
    public List<RecordedRequest> otherRequests() {
        return List.copyOf(otherRequests);
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? JSON.createObjectNode() : parse(raw);
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("x-api-key"), body);
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("HEAD")) {
                otherRequests.add(request);
                exchange.sendResponseHeaders(200, -1);
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/messages/count_tokens")) {
                otherRequests.add(request);
                json(exchange, JSON.createObjectNode().put("input_tokens", INPUT_TOKENS));
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/messages")) {
                if (request.streaming() && !request.toolNames().isEmpty()) {
                    agentRequests.add(request);
                    int index = nextTurn.getAndIncrement();
                    Turn turn = index < script.size() ? script.get(index)
                            : new FinalText("(the fake server's script has no turn " + (index + 1) + ")");
                    if (turn instanceof ApiError error) {
                        error(exchange, error);
                    } else {
                        stream(exchange, request.model(), index + 1, turn);
                    }
                } else {
                    otherRequests.add(request);
                    Turn text = new FinalText("ok");
                    if (request.streaming()) {
                        stream(exchange, request.model(), 0, text);
                    } else {
                        json(exchange, message(request.model(), 0, text));
                    }
                }
            } else {
                otherRequests.add(request);
                json(exchange, JSON.createObjectNode());
            }
        }
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", new String(raw, StandardCharsets.UTF_8));
        }
    }

    /** A whole message, for a request without {@code stream: true}. */
    private static ObjectNode message(String model, int number, Turn turn) {
        ObjectNode message = messageSkeleton(model, number);
        ArrayNode content = message.putArray("content");
        if (turn instanceof ToolCall call) {
            content.addObject().put("type", "tool_use").put("id", toolUseId(number))
                    .put("name", call.name()).set("input", JSON.valueToTree(call.input()));
        } else {
            content.addObject().put("type", "text").put("text", ((FinalText) turn).text());
        }
        message.put("stop_reason", turn instanceof ToolCall ? "tool_use" : "end_turn");
        ((ObjectNode) message.get("usage")).put("output_tokens", OUTPUT_TOKENS);
        return message;
    }

    private static ObjectNode messageSkeleton(String model, int number) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_fake_" + number).put("type", "message").put("role", "assistant")
                .put("model", model == null ? "unknown" : model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", 1)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return message;
    }

    private static String toolUseId(int number) {
        return "toolu_fake_" + number;
    }

    private static void stream(HttpExchange exchange, String model, int number, Turn turn) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        event(out, "message_start", JSON.createObjectNode().put("type", "message_start").set("message", messageSkeleton(model, number)));
        event(out, "ping", JSON.createObjectNode().put("type", "ping"));
        ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        String stopReason;
        if (turn instanceof ToolCall call) {
            start.putObject("content_block").put("type", "tool_use").put("id", toolUseId(number)).put("name", call.name())
                    .putObject("input");
            event(out, "content_block_start", start);
            // The input arrives as partial JSON in pieces, as the real API sends it.
            String input = JSON.writeValueAsString(call.input());
            int middle = input.length() / 2;
            for (String piece : List.of("", input.substring(0, middle), input.substring(middle))) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                event(out, "content_block_delta", delta);
            }
            stopReason = "tool_use";
        } else {
            FinalText text = (FinalText) turn;
            start.putObject("content_block").put("type", "text").put("text", "");
            event(out, "content_block_start", start);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", text.text());
            event(out, "content_block_delta", delta);
            stopReason = "end_turn";
        }
        event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
        event(out, "message_delta", messageDelta);
        event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        out.close();
    }

    private static void event(OutputStream out, String name, JsonNode data) throws IOException {
        out.write(("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void error(HttpExchange exchange, ApiError error) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", error.type()).put("message", error.message());
        json(exchange, error.status(), body);
    }

    private static void json(HttpExchange exchange, JsonNode body) throws IOException {
        json(exchange, 200, body);
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
