package chant.agent.work;

import java.util.List;

/**
 * What a run needs to know of its spec and project, as spec-service reported it when the run
 * started.
 *
 * @param markdown the spec as a chant file (frontmatter and body), written into the checkout
 * @param status   the stored status in chant's spelling ({@code in_progress}, ...)
 */
public record WorkSpec(
        String project,
        String repoUrl,
        String defaultBranch,
        String branchPrefix,
        String defaultPrompt,
        String specId,
        String title,
        String body,
        String markdown,
        long version,
        String status,
        String prompt,
        String model,
        List<String> targetFiles,
        List<String> context,
        List<String> informedBy) {

    public WorkSpec {
        targetFiles = List.copyOf(targetFiles);
        context = List.copyOf(context);
        informedBy = List.copyOf(informedBy);
    }
}
