package chant.cli.events;

import chant.cli.spec.SpecEnums;
import chant.v1.EventKind;
import chant.v1.SpecEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How {@code history} and {@code watch} show an event. */
public final class EventText {
    /** Longest CHANGE text; longer ones are cut with "...". */
    static final int MAX_CHANGE = 80;

    private EventText() {
    }

    /** "2026-01-22T10:00:00Z": UTC, whole seconds; "" without a time. */
    public static String time(SpecEvent event) {
        if (!event.hasTime()) {
            return "";
        }
        return Instant.ofEpochSecond(event.getTime().getSeconds()).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "transitioned", "created"... */
    public static String kind(SpecEvent event) {
        return SpecEnums.EVENT_KINDS.name(event.getKind());
    }

    /**
     * For transitions "from -> to" (and " (forced: reason)"); otherwise the new value on one
     * line (its lines joined with "; "), or the reason when there is no new value; cut to
     * {@value #MAX_CHANGE} characters.
     */
    public static String change(SpecEvent event) {
        if (event.getKind() == EventKind.EVENT_KIND_TRANSITIONED) {
            String text = SpecEnums.STATUSES.name(event.getFromStatus()) + " -> "
                    + SpecEnums.STATUSES.name(event.getToStatus());
            if (event.getForced()) {
                text += " (forced" + (event.getReason().isBlank() ? "" : ": " + oneLine(event.getReason())) + ")";
            }
            return text;
        }
        String value = oneLine(event.getNewValue());
        return cut(value.isEmpty() ? oneLine(event.getReason()) : value);
    }

    /** "seq time actor spec kind change", the line {@code chant watch} prints. */
    public static String line(SpecEvent event) {
        return (event.getSequence() + " " + time(event) + " " + event.getActor() + " " + event.getSpecId() + " "
                + kind(event) + " " + change(event)).stripTrailing();
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ").replaceAll("[\\t ]+", " ");
    }

    static String cut(String text) {
        return text.length() <= MAX_CHANGE ? text : text.substring(0, MAX_CHANGE - 3).stripTrailing() + "...";
    }
}
