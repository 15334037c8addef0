package chant.spec.store;

import chant.spec.content.SpecStatus;

/** One thing a spec waits for, as the database's readiness rule ({@code spec_blockers}) reports it. */
public record Blocker(Kind kind, String specId, SpecStatus status, String description) {

    /** Why a spec waits. */
    public enum Kind { DEPENDENCY, DRIVER_DEPENDENCY, EARLIER_SIBLING, APPROVAL }

    static Blocker of(Kind kind, String specId, String status) {
        SpecStatus s = status == null ? null : SpecStatus.valueOf(status);
        return new Blocker(kind, specId, kind == Kind.APPROVAL ? null : s, describe(kind, specId, status));
    }

    private static String describe(Kind kind, String specId, String status) {
        String state = status == null ? "unknown spec" : status.toLowerCase();
        return switch (kind) {
            case DEPENDENCY -> "depends on " + specId + " (" + state + ")";
            case DRIVER_DEPENDENCY -> "its driver depends on " + specId + " (" + state + ")";
            case EARLIER_SIBLING -> "earlier member " + specId + " is not done (" + state + ")";
            case APPROVAL -> "approval " + (status == null ? "pending" : status.toLowerCase())
                    + ": it needs chant approve";
        };
    }
}
