package chant.spec.transfer;

/**
 * Where and how to import: the project (blank: the name in config.md), whether to create it
 * when missing, and whether specs whose IDs exist are replaced or refused.
 */
public record ImportOptions(String project, boolean createProject, boolean replaceExisting) {
}
