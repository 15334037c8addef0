package chant.agent.queue;

import chant.agent.run.Run;

/** The answer to a heartbeat: the run with its extended lease; {@code run.cancelRequested} tells the runner to stop. */
public record Beat(Run run, int heartbeatSeconds) {
}
