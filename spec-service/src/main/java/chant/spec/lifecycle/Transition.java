package chant.spec.lifecycle;

import chant.spec.content.SpecStatus;

/** A transition that was made: the spec, the statuses, whether forced, whether the platform made it by itself. */
public record Transition(String specId, SpecStatus from, SpecStatus to, boolean forced, boolean automatic) {
}
