package chant.agent.provider.openai;

import chant.agent.provider.TokenUsage;
import java.util.List;
import java.util.Optional;

/**
 * One answer of the model, streamed or whole: its text, its tool calls in index order, why it
 * stopped ({@code stop}, {@code tool_calls}, {@code length}, ...) and the tokens, when reported.
 */
public record ChatAnswer(String text, List<ToolCall> toolCalls, String finishReason, Optional<TokenUsage> usage) {

    public ChatAnswer {
        toolCalls = List.copyOf(toolCalls);
    }
}
