package chant.merge.queue;

/** A merge this service made whose record spec-service has not confirmed yet: request and merge commit. */
public record UnrecordedMerge(long mergeId, String mergeCommit) {
}
