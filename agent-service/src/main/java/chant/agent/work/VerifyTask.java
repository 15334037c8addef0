package chant.agent.work;

import java.util.List;

/**
 * What a verify run verifies (merge-service's verify gate run as a run, docs/agent-service.md "Verify
 * runs"): {@code commit} fetched from {@code ref} of the project's remote, {@code command} run on it for
 * at most {@code timeoutSeconds}.
 */
public record VerifyTask(String commit, String ref, List<String> command, int timeoutSeconds) {

    public VerifyTask {
        command = List.copyOf(command);
    }
}
