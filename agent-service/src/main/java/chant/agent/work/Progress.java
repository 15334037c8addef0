package chant.agent.work;

/** The steps of a claimed run, reported with each heartbeat. */
public enum Progress {
    PREPARING,
    RUNNING,
    FINALIZING
}
