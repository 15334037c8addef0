package chant.spec.store;

import chant.spec.content.SpecStatus;

/**
 * A stored spec as callers see it: the entity and its effective status, which is the stored one
 * except that a pending spec that waits for something reads as {@code blocked}. The effective
 * status comes from the query that loaded the spec or from {@link Blockers}; it is never stored.
 */
public record SpecView(Spec spec, SpecStatus status) {

    /** The effective status of a spec whose waiting is known. */
    public static SpecView of(Spec spec, boolean waiting) {
        return new SpecView(spec, spec.status == SpecStatus.PENDING && waiting ? SpecStatus.BLOCKED : spec.status);
    }
}
