package chant.agent.prompt;

/**
 * A prompt ready for an agent.
 *
 * @param template the template's name
 * @param origin   where the template came from: {@code built-in} or {@code .chant/prompts/<name>.md}
 * @param text     the prompt, ending with the instruction to commit
 */
public record RenderedPrompt(String template, String origin, String text) {
}
