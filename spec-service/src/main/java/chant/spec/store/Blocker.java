package chant.spec.store;

import chant.spec.content.SpecStatus;

/**
 * One thing a spec waits for, as the database's readiness rule ({@code spec_blockers}) reports it.
 *
 * @param status the blocking spec's status; null for an approval, and for a dependency on a spec
 *               that does not exist
 */
public record Blocker(Kind kind, String specId, SpecStatus status, String description) {

    /** Why a spec waits. */
    public enum Kind { DEPENDENCY, DRIVER_DEPENDENCY, EARLIER_SIBLING, APPROVAL }

    /**
     * @param status the stored status of the blocking spec, or for {@link Kind#APPROVAL} the
     *               approval's status (PENDING or REJECTED)
     */
    static Blocker of(Kind kind, String specId, String status) {
        SpecStatus s = kind == Kind.APPROVAL || status == null ? null : SpecStatus.valueOf(status);
        return new Blocker(kind, specId, s, describe(kind, specId, status));
    }

    /** A sentence that says what waits for what, e.g. "dependency 2026-01-22-001-x7m is in_progress". */
    private static String describe(Kind kind, String specId, String status) {
        String state = status == null ? "does not exist" : "is " + status.toLowerCase();
        return switch (kind) {
            case DEPENDENCY -> "dependency " + specId + " " + state;
            case DRIVER_DEPENDENCY -> "its driver's dependency " + specId + " " + state;
            case EARLIER_SIBLING -> "earlier member " + specId + " " + state;
            case APPROVAL -> "REJECTED".equals(status)
                    ? "approval was rejected: address the rejection and ask again (chant approve by an approver)"
                    : "approval is pending: it needs chant approve";
        };
    }
}
