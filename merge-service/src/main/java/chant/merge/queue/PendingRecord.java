package chant.merge.queue;

/**
 * A merge spec-service has not confirmed yet (RecordMerge), or for an archive request a spec whose
 * file is committed and that spec-service has not archived yet (ArchiveSpecs into {@code folder}).
 */
public record PendingRecord(long mergeId, int position, String project, String specId, String mergeCommit,
        String into, String requestedBy, boolean archive, boolean force, String folder) {

    /** A merge to record. */
    public PendingRecord(long mergeId, int position, String project, String specId, String mergeCommit, String into,
            String requestedBy) {
        this(mergeId, position, project, specId, mergeCommit, into, requestedBy, false, false, "");
    }
}
