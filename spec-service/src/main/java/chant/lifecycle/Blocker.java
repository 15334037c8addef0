package chant.lifecycle;

import chant.spec.SpecStatus;

/**
 * One reason a spec cannot start: what kind of reason, the spec in the way and its status (both
 * null for approval; the status is null for an unknown spec), and a sentence for people.
 */
public record Blocker(Kind kind, String specId, SpecStatus status, String description) {

    /** Where a blocker comes from. */
    public enum Kind {
        /** An entry of the spec's own {@code depends_on}. */
        DEPENDENCY,
        /** An entry of the driver's {@code depends_on}, inherited by a member. */
        DRIVER_DEPENDENCY,
        /** A member with a smaller number, for a member that declares no dependencies of its own. */
        EARLIER_SIBLING,
        /** Approval required and not granted. */
        APPROVAL
    }
}
