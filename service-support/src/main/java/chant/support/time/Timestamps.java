package chant.support.time;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times as the services write them: protobuf Timestamps on the wire, RFC 3339 UTC in text. */
public final class Timestamps {

    private static final DateTimeFormatter RFC_3339_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private Timestamps() {
    }

    public static Timestamp toProto(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    public static Timestamp toProto(OffsetDateTime t) {
        return toProto(t.toInstant());
    }

    public static Instant fromProto(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** {@code 2026-02-02T14:32:32Z}: UTC, whole seconds, as chant writes {@code completed_at}. */
    public static String rfc3339(Instant t) {
        return RFC_3339_SECONDS.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }
}
