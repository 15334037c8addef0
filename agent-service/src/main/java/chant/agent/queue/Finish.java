package chant.agent.queue;

import java.math.BigDecimal;

/** What FinishRun reports; usage values are null when the provider reported none; the result for the spec, if any. */
public record Finish(long runId, long epoch, Outcome outcome, String headCommit, BigDecimal costUsd, Long inputTokens,
        Long outputTokens, String reason, java.util.Optional<chant.agent.work.SpecResult> specResult,
        String keptCheckout) {

    public Finish(long runId, long epoch, Outcome outcome, String headCommit, BigDecimal costUsd, Long inputTokens,
            Long outputTokens, String reason) {
        this(runId, epoch, outcome, headCommit, costUsd, inputTokens, outputTokens, reason, java.util.Optional.empty(), "");
    }
}
