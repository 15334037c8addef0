package chant.merge.queue;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The points between the steps of a merge where a process may die: after the intent is recorded
 * and before the push, and after the push and before the outcome is recorded. (and, before those, when a merge result was worked out and the verify gate is about
 * to run on it). The worker passes them in order; the tests make a process "die" at one (a hook that throws) or push behind the
 * queue's back there. In production nothing is set.
 */
@ApplicationScoped
public class Checkpoints {

    /** What happens at a checkpoint. */
    @FunctionalInterface
    public interface Hook {
        void reached(long mergeId, String specId);
    }

    private volatile Hook beforeVerify = (m, s) -> { };
    private volatile Hook afterIntent = (m, s) -> { };
    private volatile Hook afterPush = (m, s) -> { };

    /** Reached when a merge result is worked out, before the verify gate runs on it (with or without a gate). */
    public void beforeVerify(Hook hook) {
        beforeVerify = hook;
    }

    public void afterIntent(Hook hook) {
        afterIntent = hook;
    }

    public void afterPush(Hook hook) {
        afterPush = hook;
    }

    /** Both hooks do nothing again. */
    public void reset() {
        beforeVerify = (m, s) -> { };
        afterIntent = (m, s) -> { };
        afterPush = (m, s) -> { };
    }

    void verifying(long mergeId, String specId) {
        beforeVerify.reached(mergeId, specId);
    }

    void intentRecorded(long mergeId, String specId) {
        afterIntent.reached(mergeId, specId);
    }

    void pushed(long mergeId, String specId) {
        afterPush.reached(mergeId, specId);
    }
}
