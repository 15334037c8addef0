package chant.cli.auth;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Timestamps of the auth messages as users read them: ISO-8601 in UTC, whole seconds. */
final class Times {

    private Times() {
    }

    static String instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds()).toString();
    }
}
