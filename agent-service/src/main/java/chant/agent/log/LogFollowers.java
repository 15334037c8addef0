package chant.agent.log;

import chant.support.failure.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Opens {@link LogReader}s for the followers of runs' logs. */
@ApplicationScoped
public class LogFollowers {

    /** The most bytes a follower reads at a time: what a slow client can make it hold. */
    public static final int READ_BUDGET = 256 * 1024;

    /** The most bytes a follower sends at once (one LogChunk message). */
    public static final int PIECE_BYTES = 64 * 1024;

    @Inject
    RunLogs logs;

    @Inject
    LogSignal signal;

    @Inject
    LogSettings settings;

    /**
     * A reader of the run's log from {@code offset}; with {@code follow} it goes on until the run has
     * ended. Whether the run exists is found out by its first read.
     *
     * @throws InvalidRequestException for a negative offset
     */
    public LogReader open(long runId, long offset, boolean follow) {
        if (offset < 0) {
            throw new InvalidRequestException("offset " + offset + " is negative: use 0 for the whole log, or the offset"
                    + " after the last byte received to continue");
        }
        return new LogReader(runId, offset, follow, logs, signal);
    }

    /** How long a follower that is up to date waits for a notification before it reads again anyway. */
    public Duration pollInterval() {
        return settings.pollInterval();
    }
}
