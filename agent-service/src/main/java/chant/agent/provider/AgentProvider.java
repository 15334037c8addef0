package chant.agent.provider;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A kind of agent (the Claude Code CLI, the demo agent, ...): starts it on a task in the sandbox.
 * Log lines go to the consumer as the agent produces them, already redacted of every secret the
 * provider knows.
 */
public interface AgentProvider {

    /** The name runs and specs use to choose it ({@code claude}, {@code demo}, ...). */
    String name();

    /**
     * Starts the agent.
     *
     * @throws ProviderUnavailableException when it is not configured (says what to set)
     * @throws chant.support.sandbox.SandboxUnavailableException when bubblewrap is missing (says how to install it)
     */
    AgentProcess start(AgentTask task, Consumer<String> log) throws IOException;
}
