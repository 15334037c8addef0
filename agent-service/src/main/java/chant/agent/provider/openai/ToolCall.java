package chant.agent.provider.openai;

/**
 * One tool call of a model's answer.
 *
 * @param id        the call's ID, which the tool's result message names ({@code tool_call_id})
 * @param name      the function's name
 * @param arguments its arguments as the model wrote them: JSON text, possibly malformed
 */
public record ToolCall(String id, String name, String arguments) {
}
