package chant.agent.work;

/** Where a spec goes when a run on it ends. */
public enum SpecEnd {
    /** The agent succeeded, committed, and every criterion is checked. */
    COMPLETED,
    /** The agent failed (or was stopped). */
    FAILED,
    /** The agent says it is done, but the work is not: unchecked criteria, no commits, nothing pushed. */
    NEEDS_ATTENTION
}
