package chant.agent.work;

/** Where a spec goes when a run on it ends. */
public enum SpecEnd {
    /** The agent succeeded, committed, and every criterion is checked. */
    COMPLETED,
    /** The agent failed (or was stopped). */
    FAILED,
    /** The agent says it is done, but the work is not: unchecked criteria, no commits, nothing pushed. */
    NEEDS_ATTENTION,
    /** A person paused the run (or took it over): the spec is paused, and {@code chant work} continues it. */
    PAUSED,
    /** The run ended before it started (cancelled or paused while queued): the spec goes back to pending. */
    PENDING
}
