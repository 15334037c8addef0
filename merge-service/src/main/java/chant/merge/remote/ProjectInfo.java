package chant.merge.remote;

/** What merge-service needs of a project: its remote and the branch finished work merges into. */
public record ProjectInfo(String name, String repoUrl, String defaultBranch) {
}
