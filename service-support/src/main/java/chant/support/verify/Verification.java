package chant.support.verify;

import java.time.Duration;

/**
 * What the project's verify command did on one merge result.
 *
 * @param commit     the exact commit it ran on (the one the target may move to)
 * @param exitCode   its exit code; -1 when it ran out of time and was killed
 * @param timedOut   whether it ran out of time
 * @param outputTail the last part of its output (standard output and error together)
 * @param duration   how long it ran
 */
public record Verification(String commit, int exitCode, boolean timedOut, String outputTail, Duration duration) {

    /** Only a command that ended by itself with exit code 0 lets the target move. */
    public boolean passed() {
        return !timedOut && exitCode == 0;
    }

    /** For a person: how it failed, e.g. "exit code 1" or "ran out of time after 600 s (killed)". */
    public String failure() {
        return timedOut ? "ran out of time after " + duration.toSeconds() + " s and was killed with everything it started"
                : "exit code " + exitCode;
    }
}
