package chant.cli.testing;

import chant.cli.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when a command pauses: pauses return at once and are recorded. */
public final class FakeTiming implements Timing {
    private volatile long now = 1_000_000_000L;
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration pause) {
        pauses.add(pause);
        now += pause.toNanos();
    }

    /** The fake clock's start: 2026-12-04T12:00:00Z, moved on by every pause. */
    public static final java.time.Instant START = java.time.Instant.parse("2026-12-04T12:00:00Z");

    @Override
    public java.time.Instant now() {
        return START.plusNanos(now - 1_000_000_000L);
    }

    /** The pauses the command took, in order. */
    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
