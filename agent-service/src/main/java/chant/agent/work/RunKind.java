package chant.agent.work;

import java.util.Locale;

/**
 * What a run does: {@link #WORK} an agent works the spec on its branch; {@link #SPLIT} an agent reads
 * the code and proposes the spec's members, which the runner creates; {@link #MERGE_CONFLICT} the spec's
 * branch is rebased onto a target branch and an agent resolves the conflicts; {@link #VERIFY} a project's
 * verify command runs on one commit for merge-service.
 */
public enum RunKind {
    WORK,
    SPLIT,
    MERGE_CONFLICT,
    /** merge-service's verify gate: a command runs on one commit; no agent, and the spec is not changed. */
    VERIFY;

    /** The name in the database and in messages: {@code work}, {@code split}, {@code merge_conflict}, {@code verify}. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind fromDb(String name) {
        return name == null || name.isEmpty() ? WORK : valueOf(name.toUpperCase(Locale.ROOT));
    }
}
