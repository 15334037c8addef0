package chant.agent.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one run's log from an offset for one follower, a slice of at most
 * {@link LogFollowers#READ_BUDGET} bytes at a time cut into pieces of at most
 * {@link LogFollowers#PIECE_BYTES}. With {@code follow} it goes on until the run has ended and
 * every byte is read; without, it stops where the log ended at its first read.
 *
 * <p>Reads are made one at a time by whoever streams the pieces (the FollowLog call reads only when
 * its client can take more); {@link #nextChange()} says when to read again after an empty read.
 */
public final class LogReader {

    /** Bytes of the log starting at byte {@code offset}. */
    public record Piece(long offset, byte[] data) {
    }

    /** What one read gave: the pieces in order, and whether the stream ends after them. */
    public record Read(List<Piece> pieces, boolean last) {
    }

    private final long runId;
    private final boolean follow;
    private final RunLogs logs;
    private final LogSignal signal;
    private long next;
    private long until = Long.MAX_VALUE;
    private boolean first = true;

    LogReader(long runId, long offset, boolean follow, RunLogs logs, LogSignal signal) {
        this.runId = runId;
        this.next = offset;
        this.follow = follow;
        this.logs = logs;
        this.signal = signal;
    }

    public long runId() {
        return runId;
    }

    /**
     * The next pieces after what was read before; none when nothing new is stored yet. Whether the
     * run exists is found out by the first read (NOT_FOUND), and so is an offset beyond the end of a
     * run that has ended (INVALID_ARGUMENT).
     */
    public Read read() {
        LogSlice slice = logs.read(runId, next, until, LogFollowers.READ_BUDGET);
        if (first) {
            first = false;
            if (!follow) {
                until = slice.end();
            }
        }
        byte[] data = slice.data();
        List<Piece> pieces = new ArrayList<>();
        for (int at = 0; at < data.length; at += LogFollowers.PIECE_BYTES) {
            pieces.add(new Piece(slice.offset() + at,
                    Arrays.copyOfRange(data, at, Math.min(data.length, at + LogFollowers.PIECE_BYTES))));
        }
        next = slice.next();
        boolean last = follow ? slice.ended() && next >= slice.end() : next >= until;
        return new Read(pieces, last);
    }

    /**
     * Completes at the next notification for this run (a stored chunk, the run's end, in any replica).
     * Taken before a read, so that a notification between the read and the wait is not missed;
     * completing it yourself (a timeout, a stream that stopped) unregisters it.
     */
    public CompletableFuture<Void> nextChange() {
        if (!follow) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> wake = signal.register(runId);
        wake.whenComplete((v, e) -> signal.forget(runId, wake));
        return wake;
    }
}
