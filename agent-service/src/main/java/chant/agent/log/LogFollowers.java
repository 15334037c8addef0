package chant.agent.log;

import chant.support.failure.InvalidRequestException;
import chant.support.failure.UnavailableException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Starts {@link LogFollower}s and knows the ones that are open. */
@ApplicationScoped
public class LogFollowers {

    /** The most bytes a follower reads at a time: what a slow client can make it hold. */
    static final int READ_BUDGET = 256 * 1024;

    /** The most bytes a follower sends at once (one LogChunk message). */
    public static final int PIECE_BYTES = 64 * 1024;

    @Inject
    RunLogs logs;

    @Inject
    LogSignal signal;

    @Inject
    LogSettings settings;

    private final Set<LogFollower> open = ConcurrentHashMap.newKeySet();

    /**
     * A follower of the run's log from {@code offset} into {@code sink}, not started yet: call
     * {@link LogFollower#resume()} once the sink is wired up. Whether the run exists is found out
     * by its first read, which fails the sink.
     *
     * @throws InvalidRequestException for a negative offset
     */
    public LogFollower create(long runId, long offset, boolean follow, LogSink sink) {
        if (offset < 0) {
            throw new InvalidRequestException("offset " + offset + " is negative: use 0 for the whole log, or the offset"
                    + " after the last byte received to continue");
        }
        LogFollower[] self = new LogFollower[1];
        self[0] = new LogFollower(runId, offset, follow, sink, logs, signal, Infrastructure.getDefaultWorkerPool(),
                settings.pollInterval(), () -> open.remove(self[0]));
        open.add(self[0]);
        return self[0];
    }

    /** Ends every open stream with UNAVAILABLE, so that clients resume elsewhere or after the restart. */
    void shutdown(@Observes ShutdownEvent event) {
        for (LogFollower follower : open()) {
            follower.interrupt(new UnavailableException("agent-service is shutting down: follow the log of run "
                    + follower.runId() + " again from the offset after the last byte received"));
        }
    }

    /** The followers that have not ended. */
    public List<LogFollower> open() {
        return List.copyOf(open);
    }
}
