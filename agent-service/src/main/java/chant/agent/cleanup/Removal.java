package chant.agent.cleanup;

/** What became of one kept checkout a client asked to remove: removed (and what was lost), or why not. */
public record Removal(String id, boolean removed, String detail, long sizeBytes) {
}
