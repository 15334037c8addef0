package chant.cli.merge;

import chant.cli.Timing;
import chant.cli.config.Service;
import chant.cli.rpc.Connection;
import chant.v1.GetMergeRequest;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.WatchMergeRequest;
import chant.v1.WatchMergeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Submitting to merge-service's queue and following a request there, shared by {@code chant merge}
 * and {@code chant archive} (when the project archives in its repository): a submission is asked
 * once more with the same request ID when merge-service did not answer; a request is followed on
 * the watch stream, and when that breaks, read again every {@link #POLL}.
 */
public final class MergeFollower {

    /** How often the request is read again when the watch stream is away. */
    public static final Duration POLL = Duration.ofSeconds(1);

    private final Connection connection;
    private final PrintWriter err;
    private final Timing timing;

    public MergeFollower(Connection connection, PrintWriter err, Timing timing) {
        this.connection = connection;
        this.err = err;
        this.timing = timing;
    }

    /** The submission, asked once more (with its request ID, so it is queued once) when merge-service did not answer. */
    public MergeRequest submit(Supplier<MergeRequest> first, Supplier<MergeRequest> again) {
        try {
            return first.get();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                throw e;
            }
            err.println("chant: " + (code == Status.Code.UNAVAILABLE ? "cannot reach" : "no answer from")
                    + " merge-service at " + connection.address(Service.MERGE)
                    + "; asking once more (the same request: it is queued once)");
            err.flush();
            return again.get();
        }
    }

    /** Follows the request until it has ended, handing every state read to {@code seen}. */
    public MergeRequest follow(long id, Consumer<MergeRequest> seen) throws InterruptedException {
        MergeRequest latest = null;
        try {
            Iterator<WatchMergeResponse> stream = connection.mergeWatch()
                    .watchMerge(WatchMergeRequest.newBuilder().setMergeId(id).build());
            while (stream.hasNext()) {
                latest = stream.next().getMerge();
                seen.accept(latest);
                if (ended(latest)) {
                    return latest;
                }
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw e;
            }
            err.println("chant: lost the watch of merge " + id + " (UNAVAILABLE); reading it again every "
                    + POLL.toSeconds() + " s");
            err.flush();
        }
        while (latest == null || !ended(latest)) {
            if (latest != null) {
                timing.sleep(POLL);
            }
            try {
                latest = connection.merges().getMerge(GetMergeRequest.newBuilder().setMergeId(id).build()).getMerge();
                seen.accept(latest);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                timing.sleep(POLL);
            }
        }
        return latest;
    }

    public static boolean ended(MergeRequest merge) {
        return merge.getStatus() == MergeStatus.MERGE_STATUS_DONE || merge.getStatus() == MergeStatus.MERGE_STATUS_STOPPED;
    }
}
