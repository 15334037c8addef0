package chant.spec.content;

/**
 * The {@code approval} block of a spec: whether approval is required, the decision, who made it
 * and when (RFC 3339 UTC, kept as written).
 */
public record Approval(boolean required, ApprovalStatus status, String by, String at) {

    /** What {@code chant add --needs-approval} sets. */
    public static Approval pendingRequired() {
        return new Approval(true, ApprovalStatus.PENDING, null, null);
    }
}
