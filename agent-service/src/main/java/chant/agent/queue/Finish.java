package chant.agent.queue;

import java.math.BigDecimal;

/**
 * What FinishRun reports; usage values are null when the provider reported none; the result for the spec, if any;
 * what a verify run's command did, if it is one.
 */
public record Finish(long runId, long epoch, Outcome outcome, String headCommit, BigDecimal costUsd, Long inputTokens,
        Long outputTokens, String reason, java.util.Optional<chant.agent.work.SpecResult> specResult,
        String keptCheckout, java.util.Optional<chant.support.verify.Verification> verification) {

    /** What a runner reports of a run that verified nothing. */
    public Finish(long runId, long epoch, Outcome outcome, String headCommit, BigDecimal costUsd, Long inputTokens,
            Long outputTokens, String reason, java.util.Optional<chant.agent.work.SpecResult> specResult,
            String keptCheckout) {
        this(runId, epoch, outcome, headCommit, costUsd, inputTokens, outputTokens, reason, specResult, keptCheckout,
                java.util.Optional.empty());
    }

    public Finish(long runId, long epoch, Outcome outcome, String headCommit, BigDecimal costUsd, Long inputTokens,
            Long outputTokens, String reason) {
        this(runId, epoch, outcome, headCommit, costUsd, inputTokens, outputTokens, reason, java.util.Optional.empty(), "");
    }
}
