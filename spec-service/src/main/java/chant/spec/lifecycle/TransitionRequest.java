package chant.spec.lifecycle;

import chant.spec.content.SpecStatus;

/**
 * A request to move a spec to status {@code to}. A forced request skips the preconditions (never
 * the transition table) and must give a reason, which is recorded with the transition.
 */
public record TransitionRequest(SpecStatus to, boolean force, String reason) {

    /** An ordinary, unforced request. */
    public static TransitionRequest to(SpecStatus to) {
        return new TransitionRequest(to, false, null);
    }

    /** A forced request with the reason a person gave. */
    public static TransitionRequest forced(SpecStatus to, String reason) {
        return new TransitionRequest(to, true, reason);
    }

    /** Whether the reason has some text. */
    public boolean hasReason() {
        return reason != null && !reason.isBlank();
    }
}
