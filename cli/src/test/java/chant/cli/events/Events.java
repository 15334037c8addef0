package chant.cli.events;

import chant.v1.EventKind;
import chant.v1.SpecEvent;
import chant.v1.SpecStatus;
import chant.v1.WatchSpecEventsResponse;
import com.google.protobuf.Timestamp;

/** SpecEvent messages for canned replies. */
final class Events {
    /** 2026-01-22T10:00:00Z */
    static final long T0 = 1769076000L;

    private Events() {
    }

    static SpecEvent.Builder event(long sequence, EventKind kind) {
        return SpecEvent.newBuilder().setSequence(sequence).setKind(kind).setActor("alice")
                .setProject("demo").setSpecId("2026-01-22-001-x7m")
                .setTime(Timestamp.newBuilder().setSeconds(T0 + sequence).setNanos(250_000_000));
    }

    static SpecEvent transition(long sequence, SpecStatus from, SpecStatus to) {
        return event(sequence, EventKind.EVENT_KIND_TRANSITIONED).setFromStatus(from).setToStatus(to).build();
    }

    static WatchSpecEventsResponse watched(SpecEvent event) {
        return WatchSpecEventsResponse.newBuilder().setEvent(event).build();
    }

    static WatchSpecEventsResponse watched(long sequence) {
        return watched(event(sequence, EventKind.EVENT_KIND_UPDATED).setNewValue("title: T" + sequence).build());
    }
}
