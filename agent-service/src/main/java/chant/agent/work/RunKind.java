package chant.agent.work;

import java.util.Locale;

/**
 * What a run does: {@link #WORK} an agent works the spec on its branch; {@link #SPLIT} an agent reads
 * the code and proposes the spec's members, which the runner creates.
 */
public enum RunKind {
    WORK,
    SPLIT;

    /** The name in the database and in messages: {@code work}, {@code split}. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind fromDb(String name) {
        return name == null || name.isEmpty() ? WORK : valueOf(name.toUpperCase(Locale.ROOT));
    }
}
