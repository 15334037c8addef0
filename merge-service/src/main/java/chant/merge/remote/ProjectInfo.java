package chant.merge.remote;

import java.util.List;

/**
 * What merge-service needs of a project: its remote, the branch finished work merges into, and its
 * verify gate (the command run on each merge result before the target moves, as an argument list;
 * empty for none; its time limit in seconds, 0 for this service's default).
 */
public record ProjectInfo(String name, String repoUrl, String defaultBranch, List<String> verifyCommand,
        int verifyTimeoutSeconds) {

    public ProjectInfo {
        verifyCommand = List.copyOf(verifyCommand);
    }

    public ProjectInfo(String name, String repoUrl, String defaultBranch) {
        this(name, repoUrl, defaultBranch, List.of(), 0);
    }
}
