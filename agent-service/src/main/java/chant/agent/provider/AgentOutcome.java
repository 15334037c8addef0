package chant.agent.provider;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * How an agent's work ended, as its provider reported it.
 *
 * @param succeeded      whether the agent finished its work without error
 * @param kind           the provider's name for the ending (the Claude CLI's result subtype such as
 *                       {@code success} or {@code error_max_turns}; {@code error} for an API error such as a
 *                       rate limit; {@code no_result} when it reported none)
 * @param finalText      the agent's final answer, if any
 * @param failureReason  why it failed, for people; empty on success
 * @param costUsd        what the provider says the run cost, if it says
 * @param usage          tokens used, if reported
 * @param turns          model turns, if reported
 * @param exitCode       the agent process's exit code (recorded, never used to judge the outcome)
 */
public record AgentOutcome(boolean succeeded, String kind, Optional<String> finalText, Optional<String> failureReason,
        Optional<BigDecimal> costUsd, Optional<TokenUsage> usage, Optional<Integer> turns, int exitCode) {

    public AgentOutcome {
        if (succeeded == failureReason.isPresent()) {
            throw new IllegalArgumentException("a failure, and only a failure, has a reason");
        }
    }
}
