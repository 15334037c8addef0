package chant.cli;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time a command waits by: pauses between reconnects and polls, and the monotonic clock their
 * deadlines are measured with. Tests pass one whose pauses only move its clock.
 */
public interface Timing {

    /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    void sleep(Duration pause) throws InterruptedException;

    /** The time of day, for what is measured against stored times ({@code --older-than}). */
    java.time.Instant now();

    static Timing system() {
        return new Timing() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration pause) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            }

            @Override
            public java.time.Instant now() {
                return java.time.Instant.now();
            }
        };
    }
}
