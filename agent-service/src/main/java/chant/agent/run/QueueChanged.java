package chant.agent.run;

/**
 * A CDI event: the queue changed so that a claim may now succeed (a run was queued, or a claimed
 * run ended or went back to the queue, freeing a slot). Fired inside the transaction that made the
 * change; observers that claim use {@code during = AFTER_SUCCESS}, so they act on committed data
 * only. It is a hint for this process: claims stay safe without it, and a backend still claims on
 * its schedule (for changes made by other replicas, and runs waiting out a retry backoff).
 */
public record QueueChanged(String why) {
}
