package chant.agent.log;

import chant.agent.run.Run;
import chant.agent.run.RunStatus;
import chant.agent.run.Runs;
import chant.support.failure.ConflictException;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The logs of runs: table {@code run_log_chunk} holds the bytes at their offsets, and the run's row
 * holds the end of its log ({@code log_size}) and where a truncation marker starts
 * ({@code log_truncated_at}).
 *
 * <p>An append is one transaction: it locks the run's row ({@code SELECT ... FOR UPDATE}, as
 * heartbeats and finishes do), checks the lease's fencing epoch and that the append starts at the
 * log's end, stores the chunk and moves the end. So appends of one run are serialized, a runner
 * whose lease was taken over stores nothing, and the chunks of a log are contiguous. A trigger
 * notifies the log's followers after the commit ({@code V2__run_logs.sql}).
 *
 * <p>A log keeps at most {@link LogSettings#maxBytes()} bytes of output. The append that crosses the
 * cap is cut at the start of the UTF-8 character in which the cap falls, and a marker
 * ({@link #marker(long)}) is stored once after it; later appends are answered with the end and
 * dropped.
 */
@ApplicationScoped
public class RunLogs {

    /** The most bytes one append may carry. */
    public static final int MAX_APPEND = 1 << 20;

    @Inject
    EntityManager em;

    @Inject
    LogSettings settings;

    /**
     * Appends {@code data} at {@code offset} of the run's log and returns the log's end afterwards.
     * A repeat of an append that was stored (same lease, same offset, same bytes) stores nothing and
     * returns the end, so a runner may retry an append whose answer it did not get.
     *
     * @throws ConflictException           when {@code epoch} is not the run's current lease, or the
     *                                     run has ended: nothing is stored
     * @throws PreconditionFailedException "log of run N ends at M" when {@code offset} is not the
     *                                     end and the append is no repeat
     * @throws InvalidRequestException     for a negative offset or more than {@link #MAX_APPEND} bytes
     */
    @Transactional
    public long append(long runId, long epoch, long offset, byte[] data) {
        if (offset < 0) {
            throw new InvalidRequestException("offset " + offset + " is negative: append at the end of the log (0 for"
                    + " the first append, then the next_offset of the previous one)");
        }
        if (data.length > MAX_APPEND) {
            throw new InvalidRequestException("data holds " + data.length + " bytes: append at most " + MAX_APPEND
                    + " bytes (1 MiB) at a time");
        }
        Run run = em.find(Run.class, runId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw Runs.notFound(runId);
        }
        checkLease(run, epoch);
        long end = run.logSize;
        if (offset == end) {
            if (data.length == 0 || run.logTruncatedAt != null) {
                return end;
            }
            return store(run, epoch, data);
        }
        if (offset < end && isRepeat(run, epoch, offset, data)) {
            return end;
        }
        throw new PreconditionFailedException("log of " + run.label() + " ends at " + end + ": append at offset "
                + end + " (an append at " + offset + (offset > end
                        ? " would leave a gap of " + (offset - end) + " bytes)"
                        : " would overlap bytes already stored, and it is no repeat of the append stored there)"));
    }

    /**
     * Reads the run's log from {@code from}: at most {@code budget} bytes, and none at or after
     * {@code until} or the end of the log. Reads the run's end before the
     * chunks, so that a slice that says the run has ended holds every byte up to its end (no append
     * is accepted after a run's end).
     *
     * @throws chant.support.failure.NotFoundException when the run does not exist
     * @throws InvalidRequestException for a negative offset, or one beyond the end of a run that has ended
     */
    @Transactional
    public LogSlice read(long runId, long from, long until, int budget) {
        if (from < 0) {
            throw new InvalidRequestException("offset " + from + " is negative: use 0 for the whole log, or the offset"
                    + " after the last byte received to continue");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT status, log_size FROM run WHERE id = :id")
                .setParameter("id", runId).getResultList();
        if (rows.isEmpty()) {
            throw Runs.notFound(runId);
        }
        RunStatus status = RunStatus.fromDb((String) rows.get(0)[0]);
        long end = ((Number) rows.get(0)[1]).longValue();
        if (from > end && status.ended()) {
            throw new InvalidRequestException("offset " + from + " is beyond the end of the log of run " + runId
                    + ", which ended (" + status.dbName() + ") with " + end + " bytes: use an offset from 0 to " + end);
        }
        long limit = Math.min(end, until);
        if (from >= limit) {
            return new LogSlice(from, new byte[0], end, status.ended());
        }
        long upTo = Math.min(limit, from + Math.max(1, budget));
        // Only the part of each chunk within [from, upTo) leaves the database.
        @SuppressWarnings("unchecked")
        List<Object[]> chunks = em.createNativeQuery("""
                SELECT byte_offset, length(data),
                       substring(data FROM greatest(:from - byte_offset, 0)::int + 1
                                      FOR greatest(least(byte_offset + length(data), :upTo) - greatest(byte_offset, :from), 0)::int)
                FROM run_log_chunk
                WHERE run_id = :id
                  AND byte_offset >= (SELECT coalesce(max(byte_offset), 0) FROM run_log_chunk
                                      WHERE run_id = :id AND byte_offset <= :from)
                  AND byte_offset < :upTo
                ORDER BY byte_offset""")
                .setParameter("id", runId)
                .setParameter("from", from)
                .setParameter("upTo", upTo)
                .getResultList();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (upTo - from));
        long expected = -1;
        for (Object[] chunk : chunks) {
            long at = ((Number) chunk[0]).longValue();
            long length = ((Number) chunk[1]).longValue();
            if (expected < 0 ? at > from : at != expected) {
                throw new IllegalStateException("the log of run " + runId + " has no chunk at offset "
                        + (expected < 0 ? from : expected) + " (next chunk at " + at + ")");
            }
            if (at + length > from) {
                out.writeBytes((byte[]) chunk[2]);
            }
            expected = at + length;
        }
        if (out.size() != upTo - from) {
            throw new IllegalStateException("the log of run " + runId + " ends at " + end + ", but its chunks hold "
                    + out.size() + " bytes from " + from + " instead of " + (upTo - from));
        }
        return new LogSlice(from, out.toByteArray(), end, status.ended());
    }

    /** The line stored once where a log reached its cap, {@code at} bytes into it. */
    public static byte[] marker(long at) {
        return ("\n[chant: log truncated at " + at + " bytes; the rest of the agent's output was dropped]\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Stores {@code data} at the end of the log, cut at the cap with the marker after it. */
    private long store(Run run, long epoch, byte[] data) {
        long end = run.logSize;
        long room = settings.maxBytes() - end;
        if (data.length <= room) {
            insert(run.id, epoch, end, data);
            return moveEnd(run.id, end + data.length, null);
        }
        int keep = characterStart(data, (int) Math.max(0, room));
        if (keep > 0) {
            insert(run.id, epoch, end, Arrays.copyOf(data, keep));
        }
        long at = end + keep;
        byte[] marker = marker(at);
        insert(run.id, epoch, at, marker);
        return moveEnd(run.id, at + marker.length, at);
    }

    /**
     * Whether an append at {@code offset} (before the end) repeats one that the same lease stored:
     * the chunk at that offset, appended with {@code epoch}, holds exactly {@code data}, or, for the
     * append that crossed the cap, the part of {@code data} before the marker (the marker itself when
     * nothing of it was kept).
     */
    private boolean isRepeat(Run run, long epoch, long offset, byte[] data) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery(
                "SELECT data, epoch FROM run_log_chunk WHERE run_id = :id AND byte_offset = :at")
                .setParameter("id", run.id).setParameter("at", offset).getResultList();
        if (found.isEmpty() || ((Number) found.get(0)[1]).longValue() != epoch) {
            return false;
        }
        byte[] stored = (byte[]) found.get(0)[0];
        if (Arrays.equals(stored, data)) {
            return true;
        }
        Long cut = run.logTruncatedAt;
        if (cut == null || offset > cut || offset + data.length <= cut) {
            return false;
        }
        if (offset == cut.longValue()) {
            return true;
        }
        return stored.length == cut - offset && Arrays.equals(stored, 0, stored.length, data, 0, stored.length);
    }

    /**
     * Where to cut {@code data} at or before {@code cut} so that no UTF-8 character is split: back to
     * the start of the character {@code data[cut]} belongs to, if it is a continuation byte (at most
     * three back; data that is no UTF-8 there is cut at {@code cut}).
     */
    static int characterStart(byte[] data, int cut) {
        for (int k = cut; k >= 0 && k > cut - 4; k--) {
            if ((data[k] & 0xC0) != 0x80) {
                return k;
            }
        }
        return cut;
    }

    private void insert(long runId, long epoch, long offset, byte[] data) {
        em.createNativeQuery(
                "INSERT INTO run_log_chunk (run_id, byte_offset, epoch, data) VALUES (:id, :at, :epoch, :data)")
                .setParameter("id", runId)
                .setParameter("at", offset)
                .setParameter("epoch", epoch)
                .setParameter("data", data)
                .executeUpdate();
    }

    private long moveEnd(long runId, long end, Long truncatedAt) {
        em.createNativeQuery("UPDATE run SET log_size = :end, log_truncated_at = NULLIF(:cut, -1) WHERE id = :id")
                .setParameter("end", end)
                .setParameter("cut", truncatedAt == null ? -1L : truncatedAt)
                .setParameter("id", runId)
                .executeUpdate();
        return end;
    }

    /**
     * The lease of {@code epoch} is the run's current one and the run is held: otherwise another
     * runner has the run, or it ended, and this runner must stop (ABORTED, as the contract says for
     * AppendLog).
     */
    private static void checkLease(Run run, long epoch) {
        if (epoch != run.leaseEpoch) {
            throw new ConflictException("the lease of " + run.label() + " with epoch " + epoch
                    + " is no longer valid: the current epoch is " + run.leaseEpoch + " (" + run.status.dbName()
                    + "); stop working on it (nothing was appended)");
        }
        if (run.status.ended()) {
            throw new ConflictException(run.label() + " has ended (" + run.status.dbName()
                    + (run.endReason.isEmpty() ? "" : ": " + run.endReason)
                    + "): its log is closed; stop working on it (nothing was appended)");
        }
        if (run.status == RunStatus.QUEUED) {
            throw new ConflictException(run.leaseEpoch == 0
                    ? run.label() + " has not been claimed: claim it (ClaimRun) and append with the lease's epoch"
                    : "the lease of " + run.label() + " with epoch " + epoch + " was lost and the run was queued again"
                            + " (attempt " + run.attempt + "): stop working on it (nothing was appended)");
        }
    }
}
