package chant.agent.work;

import java.util.List;

/**
 * A member a split run creates: spec-service makes it the next {@code <driver>.N}.
 *
 * @param dependsOn the full IDs of the specs it depends on (members created before it)
 * @param requestId the idempotency key: the same for every attempt of the run, so a retried attempt
 *                  gets the member the first one created instead of a second one
 */
public record NewMember(String project, String driver, String title, String body, List<String> targetFiles,
        List<String> dependsOn, String requestId) {

    public NewMember {
        targetFiles = List.copyOf(targetFiles);
        dependsOn = List.copyOf(dependsOn);
    }
}
