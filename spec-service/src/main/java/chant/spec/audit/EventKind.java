package chant.spec.audit;

/** What kind of change an audit event records. */
public enum EventKind {
    CREATED, UPDATED, TRANSITIONED, APPROVED, REJECTED, IMPORTED, DELETED, APPROVAL_REQUESTED, MERGED, ARCHIVED
}
