package chant.agent.provider;

/** Tokens an agent used, as its provider reports them. */
public record TokenUsage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    @Override
    public String toString() {
        return inputTokens + " in / " + outputTokens + " out tokens"
                + (cacheReadInputTokens + cacheCreationInputTokens > 0
                        ? " (cache: " + cacheReadInputTokens + " read, " + cacheCreationInputTokens + " written)" : "");
    }
}
