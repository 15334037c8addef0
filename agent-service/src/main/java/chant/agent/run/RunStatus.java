package chant.agent.run;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** Where a run is in its life; stored as its lower-case name. */
public enum RunStatus {
    QUEUED, PREPARING, RUNNING, FINALIZING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST;

    /** Held by a runner: counted against the limits, guarded by a lease. */
    public static final Set<RunStatus> CLAIMED = EnumSet.of(PREPARING, RUNNING, FINALIZING);

    /** Queued or claimed: at most one such run per spec. */
    public static final Set<RunStatus> ACTIVE = EnumSet.of(QUEUED, PREPARING, RUNNING, FINALIZING);

    /** The name in the database and in messages ("timed_out"). */
    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunStatus fromDb(String name) {
        return Arrays.stream(values()).filter(s -> s.dbName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run status " + name));
    }

    public boolean claimed() {
        return CLAIMED.contains(this);
    }

    public boolean ended() {
        return !ACTIVE.contains(this);
    }
}
