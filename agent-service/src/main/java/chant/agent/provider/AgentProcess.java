package chant.agent.provider;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A started agent: wait for its outcome, or end it with everything it started. */
public interface AgentProcess {

    /** Waits for the agent to end and its output to be read, then judges the outcome. */
    AgentOutcome await() throws InterruptedException;

    /**
     * Like {@link #await()}, but gives up after {@code limit}, leaving the agent running.
     *
     * @throws TimeoutException when the agent is still running after {@code limit}
     */
    AgentOutcome await(Duration limit) throws InterruptedException, TimeoutException;

    /** Ends the agent and every process it started (the whole sandbox, when sandboxed). */
    void kill();
}
