package chant.merge.request;

/** Where a merge request is (the column {@code merge_request.status} holds the names). */
public enum MergeStatus {
    QUEUED, RUNNING, DONE, STOPPED;

    public boolean ended() {
        return this == DONE || this == STOPPED;
    }
}
