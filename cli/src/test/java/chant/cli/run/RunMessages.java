package chant.cli.run;

import chant.cli.testing.InProcessCliTest;
import chant.v1.CancelRunResponse;
import chant.v1.EnqueueRunResponse;
import chant.v1.GetRunResponse;
import chant.v1.ListRunsResponse;
import chant.v1.Run;
import chant.v1.RunStatus;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Run messages for canned replies. */
final class RunMessages {
    static final String SPEC = "2026-01-22-001-x7m";

    private RunMessages() {
    }

    static Run.Builder aRun(long id, RunStatus status) {
        return Run.newBuilder().setId(id).setProject(InProcessCliTest.PROJECT).setSpecId(SPEC).setProvider("claude")
                .setBackend("local").setStatus(status).setAttempt(1).setTimeoutSeconds(3600).setCreatedBy("alice")
                .setCreateTime(time("2026-01-22T10:00:00Z"));
    }

    /** An ended run whose result reached the spec, which is now {@code specStatus}. */
    static Run.Builder ended(long id, RunStatus status, String specStatus) {
        return aRun(id, status).setStartTime(time("2026-01-22T10:00:01Z")).setEndTime(time("2026-01-22T10:03:06Z"))
                .setSpecDelivery("delivered").setSpecStatusAfter(specStatus);
    }

    static Timestamp time(String iso) {
        Instant instant = Instant.parse(iso);
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static EnqueueRunResponse enqueued(Run.Builder run) {
        return EnqueueRunResponse.newBuilder().setRun(run).build();
    }

    static GetRunResponse got(Run.Builder run) {
        return GetRunResponse.newBuilder().setRun(run).build();
    }

    static CancelRunResponse cancelled(Run.Builder run) {
        return CancelRunResponse.newBuilder().setRun(run).build();
    }

    static ListRunsResponse listed(String nextPageToken, Run.Builder... runs) {
        ListRunsResponse.Builder response = ListRunsResponse.newBuilder().setNextPageToken(nextPageToken);
        for (Run.Builder run : runs) {
            response.addRuns(run);
        }
        return response.build();
    }
}
