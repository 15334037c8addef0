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
 * A local server that speaks OpenAI's chat-completions API ({@code POST /v1/chat/completions}), as
 * OpenAI, vLLM and Ollama do: with {@code stream: true} an answer comes as server-sent events
 * ({@code data: <chat.completion.chunk>} lines, the text and each tool call's arguments split over
 * several chunks, the calls of one answer interleaved and told apart by {@code index}, a last chunk
 * with the usage and {@code data: [DONE]}); without it, one {@code chat.completion} object.
 *
 * <p>Scripted per test: each request gets the next {@link Reply} (an answer, or an HTTP error with
 * headers). Every request is recorded with its {@code Authorization} header and body.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public static final int PROMPT_TOKENS = 100;
    public static final int COMPLETION_TOKENS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    public sealed interface Reply permits Answer, HttpError, Stall {
    }

    /** The answer starts streaming (one chunk of text) and then nothing more comes until the server is closed. */
    public record Stall() implements Reply {
    }

    /** A function call of an answer. */
    public record Call(String name, Map<String, Object> arguments) {
    }

    /** The model answers with text and/or tool calls. {@code rawArguments}, when set, replaces the JSON of each call. */
    public record Answer(String text, List<Call> calls, String rawArguments) implements Reply {
    }

    /** The API answers with an HTTP error status, headers (e.g. Retry-After) and an OpenAI error body. */
    public record HttpError(int status, Map<String, String> headers, String message) implements Reply {
    }

    /** A request as the server received it. */
    public record Recorded(String authorization, JsonNode body) {

        public boolean streaming() {
            return body.path("stream").asBoolean(false);
        }

        public String model() {
            return body.path("model").asText(null);
        }

        public List<String> toolNames() {
            List<String> names = new ArrayList<>();
            body.path("tools").forEach(tool -> names.add(tool.path("function").path("name").asText()));
            return names;
        }

        public JsonNode messages() {
            return body.path("messages");
        }

        /** The contents of the {@code tool} messages, in order. */
        public List<String> toolResults() {
            List<String> results = new ArrayList<>();
            for (JsonNode message : messages()) {
                if (message.path("role").asText().equals("tool")) {
                    results.add(message.path("tool_call_id").asText() + ": " + message.path("content").asText());
                }
            }
            return results;
        }
    }

    private final LoopbackHttp server;
    private final List<Reply> script;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private FakeOpenAiServer(List<Reply> script) throws IOException {
        this.script = List.copyOf(script);
        this.server = LoopbackHttp.start("fake-openai", this::handle);
    }

    public static FakeOpenAiServer start(Reply... replies) throws IOException {
        return new FakeOpenAiServer(List.of(replies));
    }

    public static Call call(String name, Map<String, Object> arguments) {
        return new Call(name, arguments);
    }

    /** An answer with these tool calls (and no text). */
    public static Reply calls(Call... calls) {
        return new Answer("", List.of(calls), null);
    }

    /** An answer with a text and these tool calls. */
    public static Reply textAndCalls(String text, Call... calls) {
        return new Answer(text, List.of(calls), null);
    }

    /** An answer with one call whose arguments are this raw text (e.g. broken JSON). */
    public static Reply rawCall(String name, String rawArguments) {
        return new Answer("", List.of(new Call(name, Map.of())), rawArguments);
    }

    public static Reply text(String text) {
        return new Answer(text, List.of(), null);
    }

    public static Reply finish(String summary) {
        return calls(call("finish", Map.of("summary", summary)));
    }

    public static Reply stall() {
        return new Stall();
    }

    public static Reply httpError(int status, Map<String, String> headers, String message) {
        return new HttpError(status, headers, message);
    }

    /** What {@code CHANT_OPENAI_BASE_URL} should be. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed.countDown();
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
                json(exchange, 404, error("no route " + exchange.getRequestMethod() + " " + exchange.getRequestURI()));
                return;
            }
            Recorded request = new Recorded(exchange.getRequestHeaders().getFirst("Authorization"), JSON.readTree(raw));
            requests.add(request);
            int index = next.getAndIncrement();
            Reply reply = index < script.size() ? script.get(index)
                    : new Answer("(the fake server's script has no reply " + (index + 1) + ")", List.of(), null);
            if (reply instanceof Stall) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                chunk(exchange.getResponseBody(), request, index, delta -> delta.put("role", "assistant").put("content", "Thinking"),
                        null);
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (reply instanceof HttpError failure) {
                failure.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                json(exchange, failure.status(), error(failure.message()));
            } else if (request.streaming()) {
                stream(exchange, request, index, (Answer) reply);
            } else {
                json(exchange, 200, completion(request, index, (Answer) reply));
            }
        }
    }

    private static String arguments(Answer answer, Call call) throws IOException {
        return answer.rawArguments() != null ? answer.rawArguments() : JSON.writeValueAsString(call.arguments());
    }

    private static String callId(int reply, int call) {
        return "call_" + reply + "_" + call;
    }

    private static ObjectNode usage() {
        return JSON.createObjectNode().put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
    }

    private static ObjectNode completion(Recorded request, int index, Answer answer) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-" + index).put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", request.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (answer.text().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", answer.text());
        }
        if (!answer.calls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (int i = 0; i < answer.calls().size(); i++) {
                Call call = answer.calls().get(i);
                calls.addObject().put("id", callId(index, i)).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", arguments(answer, call));
            }
        }
        choice.put("finish_reason", answer.calls().isEmpty() ? "stop" : "tool_calls");
        body.set("usage", usage());
        return body;
    }

    private static void stream(HttpExchange exchange, Recorded request, int index, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        chunk(out, request, index, delta -> delta.put("role", "assistant").put("content", ""), null);
        // The text in pieces of 5 characters.
        String text = answer.text();
        for (int start = 0; start < text.length(); start += 5) {
            String piece = text.substring(start, Math.min(text.length(), start + 5));
            chunk(out, request, index, delta -> delta.put("content", piece), null);
        }
        // Each call's first piece: its index, id and name, with empty arguments.
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < answer.calls().size(); i++) {
            int call = i;
            arguments.add(arguments(answer, answer.calls().get(i)));
            chunk(out, request, index, delta -> delta.putArray("tool_calls").addObject().put("index", call)
                    .put("id", callId(index, call)).put("type", "function").putObject("function")
                    .put("name", answer.calls().get(call).name()).put("arguments", ""), null);
        }
        // Then the arguments, 7 characters at a time, the calls' pieces interleaved (index 0, 1, 0, 1, ...).
        boolean more = true;
        for (int offset = 0; more; offset += 7) {
            more = false;
            for (int i = 0; i < arguments.size(); i++) {
                String all = arguments.get(i);
                if (offset < all.length()) {
                    more = true;
                    String piece = all.substring(offset, Math.min(all.length(), offset + 7));
                    int call = i;
                    chunk(out, request, index, delta -> delta.putArray("tool_calls").addObject().put("index", call)
                            .putObject("function").put("arguments", piece), null);
                }
            }
        }
        chunk(out, request, index, delta -> { }, answer.calls().isEmpty() ? "stop" : "tool_calls");
        // stream_options.include_usage: a last chunk without choices carries the usage.
        if (request.body().path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode last = chunkSkeleton(request, index);
            last.putArray("choices");
            last.set("usage", usage());
            data(out, JSON.writeValueAsString(last));
        }
        data(out, "[DONE]");
        out.close();
    }

    private static ObjectNode chunkSkeleton(Recorded request, int index) {
        return JSON.createObjectNode().put("id", "chatcmpl-" + index).put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000).put("model", request.model());
    }

    private static void chunk(OutputStream out, Recorded request, int index, java.util.function.Consumer<ObjectNode> delta,
            String finishReason) throws IOException {
        ObjectNode chunk = chunkSkeleton(request, index);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        delta.accept(choice.putObject("delta"));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        data(out, JSON.writeValueAsString(chunk));
    }

    private static void data(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("code");
        return body;
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
