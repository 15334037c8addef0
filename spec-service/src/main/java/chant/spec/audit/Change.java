package chant.spec.audit;

import chant.spec.content.SpecStatus;

/**
 * A change about to be recorded: its kind, the changed fields before and after as
 * {@code field: value} lines, and for transitions the statuses, whether forced and why.
 */
public record Change(EventKind kind, String oldValue, String newValue, SpecStatus from, SpecStatus to,
        boolean forced, String reason) {

    public static Change of(EventKind kind, String oldValue, String newValue) {
        return new Change(kind, oldValue, newValue, null, null, false, "");
    }

    public static Change transition(SpecStatus from, SpecStatus to, boolean forced, String reason) {
        return new Change(EventKind.TRANSITIONED, "status: " + from.yamlName(), "status: " + to.yamlName(), from, to,
                forced, reason == null ? "" : reason);
    }

    public Change withReason(String why) {
        return new Change(kind, oldValue, newValue, from, to, forced, why == null ? "" : why);
    }
}
