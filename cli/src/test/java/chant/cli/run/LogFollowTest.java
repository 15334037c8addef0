package chant.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.cli.testing.FakeTiming;
import chant.v1.FollowLogRequest;
import chant.v1.LogChunk;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFollowTest {
    private final FakeTiming timing = new FakeTiming();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Long> reconnects = new ArrayList<>();
    private final LogFollow.Listener listener = new LogFollow.Listener() {
        @Override
        public void bytes(ByteString data) {
            received.writeBytes(data.toByteArray());
        }

        @Override
        public void reconnecting(Status status, Duration pause, long offset) {
            reconnects.add(offset);
        }
    };

    private static LogChunk chunk(long offset, String data) {
        return LogChunk.newBuilder().setOffset(offset).setData(ByteString.copyFromUtf8(data)).build();
    }

    @Test
    void bytesSentAgainAreHandedOnOnce() throws Exception {
        LogFollow follow = new LogFollow((request, onConnected) -> {
            assertEquals(2, request.getOffset());
            // A chunk overlapping what the client asked for, and a repeat of it.
            return List.of(chunk(0, "abcd"), chunk(0, "abcd"), chunk(4, "ef")).iterator();
        }, timing);

        long end = follow.run(FollowLogRequest.newBuilder().setRunId(1).setOffset(2).build(), listener);

        assertEquals(6, end);
        assertEquals("cdef", received.toString());
    }

    @Test
    void otherErrorsThanUnavailableEndItAtOnce() {
        LogFollow follow = new LogFollow((request, onConnected) -> {
            throw Status.INVALID_ARGUMENT.withDescription("offset 9 is beyond the end").asRuntimeException();
        }, timing);

        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> follow.run(FollowLogRequest.newBuilder().setRunId(1).setOffset(9).build(), listener));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertEquals(List.of(), timing.pauses());
    }

    @Test
    void aStreamThatReachedTheServiceStartsTheOutageAndThePausesAnew() throws Exception {
        int[] calls = {0};
        LogFollow follow = new LogFollow((request, onConnected) -> {
            calls[0]++;
            if (calls[0] <= 3) {
                throw Status.UNAVAILABLE.asRuntimeException();
            }
            if (calls[0] == 4) {
                onConnected.run();
                return failingAfter(chunk(request.getOffset(), "x"));
            }
            return List.of(chunk(request.getOffset(), "y")).iterator();
        }, timing);

        follow.run(FollowLogRequest.newBuilder().setRunId(1).build(), listener);

        assertEquals("xy", received.toString());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500)),
                timing.pauses());
        assertEquals(List.of(0L, 0L, 0L, 1L), reconnects);
    }

    private static Iterator<LogChunk> failingAfter(LogChunk only) {
        return new Iterator<>() {
            private boolean sent;

            @Override
            public boolean hasNext() {
                if (sent) {
                    throw Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException();
                }
                return true;
            }

            @Override
            public LogChunk next() {
                sent = true;
                return only;
            }
        };
    }
}
