package chant.agent.split;

import java.util.List;

/**
 * One member of a split as the agent proposed it and {@link SplitAnswer} checked it.
 *
 * @param number      its place, 1-based: it becomes {@code <id>.<number>}
 * @param title       one line
 * @param body        markdown after the title (may hold {@code ## Acceptance Criteria})
 * @param targetFiles paths relative to the repository, inside it
 * @param dependsOn   numbers of the other members it needs first
 */
public record ProposedMember(int number, String title, String body, List<String> targetFiles, List<Integer> dependsOn) {

    public ProposedMember {
        targetFiles = List.copyOf(targetFiles);
        dependsOn = List.copyOf(dependsOn);
    }
}
