package chant.cli.run;

import chant.cli.testing.ScriptedServices;
import chant.v1.FollowLogRequest;
import chant.v1.LogChunk;
import chant.v1.RunServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;

/**
 * A run's log as agent-service streams it: each FollowLog call is scripted as the byte offsets its
 * chunks end at, and checks that the client asked for the offset the script expects (the end of
 * what it was sent before), answering INVALID_ARGUMENT otherwise.
 */
final class ScriptedLog {
    final byte[] bytes;

    ScriptedLog(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The offset just after the first byte of the first occurrence of {@code character}: inside it. */
    int inside(String character) {
        byte[] needle = character.getBytes(StandardCharsets.UTF_8);
        if (needle.length < 2) {
            throw new IllegalArgumentException("not a multi-byte character: " + character);
        }
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i + 1;
        }
        throw new IllegalArgumentException("not in the log: " + character);
    }

    /**
     * One call that must ask for {@code from}, is sent chunks ending at each of {@code ends} (the
     * first starting at {@code from}), and then completes, or fails with {@code end} when not null.
     */
    ScriptedServices.Handler<FollowLogRequest, LogChunk> call(int from, Status end, int... ends) {
        return ScriptedServices.handler(RunServiceGrpc.getFollowLogMethod(), (request, observer) -> {
            if (request.getOffset() != from) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("test: FollowLog asked for offset "
                        + request.getOffset() + ", expected " + from).asRuntimeException());
                return;
            }
            int start = from;
            for (int stop : ends) {
                observer.onNext(LogChunk.newBuilder().setOffset(start)
                        .setData(ByteString.copyFrom(bytes, start, stop - start)).build());
                start = stop;
            }
            if (end == null) {
                observer.onCompleted();
            } else {
                observer.onError(end.asRuntimeException());
            }
        });
    }

    /** The whole log from {@code from} in one chunk, then the stream completes. */
    ScriptedServices.Handler<FollowLogRequest, LogChunk> rest(int from) {
        return call(from, null, bytes.length);
    }
}
