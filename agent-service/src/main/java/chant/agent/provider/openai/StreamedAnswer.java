package chant.agent.provider.openai;

import chant.agent.provider.TokenUsage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds one streamed answer from its chunks ({@code data: {...}} events of
 * {@code chat.completion.chunk}): the text from the {@code delta.content} pieces, and each tool
 * call from the {@code delta.tool_calls[]} pieces that carry its {@code index}. A call's first piece
 * brings its {@code id} and {@code function.name}, later ones more of {@code function.arguments};
 * several calls may arrive interleaved. A piece without an index (some servers) belongs to the call
 * at its position in the chunk's list. Not thread-safe: one reader feeds it.
 */
final class StreamedAnswer {

    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, Builder> calls = new TreeMap<>();
    private String finishReason = "";
    private TokenUsage usage;

    private static final class Builder {
        String id = "";
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }

    /** One chunk's JSON. */
    void accept(JsonNode chunk) {
        JsonNode reported = chunk.path("usage");
        if (reported.isObject()) {
            usage = ChatClient.usage(reported);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual()) {
                text.append(delta.get("content").asText());
            }
            JsonNode toolCalls = delta.path("tool_calls");
            for (int position = 0; position < toolCalls.size(); position++) {
                JsonNode piece = toolCalls.get(position);
                int index = piece.path("index").isInt() ? piece.get("index").asInt() : position;
                Builder call = calls.computeIfAbsent(index, i -> new Builder());
                if (piece.path("id").isTextual() && !piece.get("id").asText().isEmpty()) {
                    call.id = piece.get("id").asText();
                }
                JsonNode function = piece.path("function");
                if (function.path("name").isTextual()) {
                    call.name.append(function.get("name").asText());
                }
                if (function.path("arguments").isTextual()) {
                    call.arguments.append(function.get("arguments").asText());
                } else if (function.path("arguments").isObject()) {
                    call.arguments.append(function.get("arguments").toString());
                }
            }
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.get("finish_reason").asText();
            }
        }
    }

    ChatAnswer answer() {
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.forEach((index, call) -> toolCalls.add(new ToolCall(call.id.isEmpty() ? "call_" + index : call.id,
                call.name.toString(), call.arguments.toString())));
        return new ChatAnswer(text.toString(), toolCalls, finishReason, Optional.ofNullable(usage));
    }
}
