package chant.spec.audit;

/** Fired when an event is appended; watchers are woken after the transaction commits. */
public record EventAppended(long projectId, long sequence) {
}
