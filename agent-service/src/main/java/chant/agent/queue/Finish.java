package chant.agent.queue;

import java.math.BigDecimal;

/** What FinishRun reports; usage values are null when the provider reported none. */
public record Finish(long runId, long epoch, Outcome outcome, String headCommit, BigDecimal costUsd, Long inputTokens,
        Long outputTokens, String reason) {
}
