package chant.agent.work;

/**
 * What agent-service answers a heartbeat with: whether a person asked to stop the run, and how.
 * A pause (and a takeover, which is a pause a person continues by hand) keeps the checkout as the
 * agent left it; a cancellation ends the run as the runner finds it.
 */
public record BeatAnswer(boolean cancelRequested, boolean pauseRequested, boolean takeover) {

    public static final BeatAnswer NONE = new BeatAnswer(false, false, false);
}
