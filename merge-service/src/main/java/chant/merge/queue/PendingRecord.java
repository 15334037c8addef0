package chant.merge.queue;

/** A merge spec-service has not confirmed yet (RecordMerge). */
public record PendingRecord(long mergeId, int position, String project, String specId, String mergeCommit,
        String into, String requestedBy) {
}
