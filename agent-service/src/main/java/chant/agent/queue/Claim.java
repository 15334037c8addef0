package chant.agent.queue;

import chant.agent.run.Run;

/** A claimed run and its lease (epoch and expiry are in the run); {@code heartbeatSeconds} is how often to renew it. */
public record Claim(Run run, int heartbeatSeconds) {
}
