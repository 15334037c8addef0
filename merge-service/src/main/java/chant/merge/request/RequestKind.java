package chant.merge.request;

/** What a request in the merge queue does (the column {@code merge_request.kind} holds the names). */
public enum RequestKind {
    /** Merges the specs' branches into the target (SubmitMerge). */
    MERGE,
    /** Commits the specs' markdown to {@code .chant/archive/<date>/} on the target, then archives them (SubmitArchive). */
    ARCHIVE
}
