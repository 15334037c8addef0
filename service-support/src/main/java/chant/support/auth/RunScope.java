package chant.support.auth;

import java.util.Objects;

/**
 * What a runner's token is for: one run of one spec in one project. A run token may report that
 * run's heartbeats, logs and result and read that spec, nothing else.
 */
public record RunScope(String runId, String project, String specId) {

    public RunScope {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(specId, "specId");
        if (runId.isBlank() || project.isBlank() || specId.isBlank()) {
            throw new IllegalArgumentException("a run scope names a run, a project and a spec");
        }
    }
}
