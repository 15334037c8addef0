package chant.cli.run;

import chant.cli.error.StatusMessages;
import chant.v1.Run;
import chant.v1.RunStatus;
import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** How the run commands show runs: status words, times, durations and what became of the spec. */
final class RunText {
    static final Set<RunStatus> ACTIVE = Set.of(RunStatus.RUN_STATUS_QUEUED, RunStatus.RUN_STATUS_PREPARING,
            RunStatus.RUN_STATUS_RUNNING, RunStatus.RUN_STATUS_FINALIZING);

    /** The spec_delivery of a result that waits for spec-service. */
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String REFUSED = "refused";

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private RunText() {
    }

    static String status(Run run) {
        return RunEnums.STATUSES.name(run.getStatus());
    }

    static boolean active(Run run) {
        return ACTIVE.contains(run.getStatus());
    }

    /** "2026-01-22 10:00": UTC, to the minute (narrow enough for a table); "" without a time. */
    static String minute(boolean present, Timestamp time) {
        return present ? MINUTE.format(Instant.ofEpochSecond(time.getSeconds())) : "";
    }

    /** How long the run's last attempt took: "42s", "3m05s", "1h02m"; "" unless it started and ended. */
    static String duration(Run run) {
        if (!run.hasStartTime() || !run.hasEndTime()) {
            return "";
        }
        long seconds = Math.max(0, run.getEndTime().getSeconds() - run.getStartTime().getSeconds());
        return duration(Duration.ofSeconds(seconds));
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /**
     * What became of the spec: its status after the run ("completed"), "pending" while the result
     * waits for spec-service, "refused: why", "" when there is no result (yet).
     */
    static String specResult(Run run) {
        if (run.getKind() == chant.v1.RunKind.RUN_KIND_VERIFY) {
            // No result for the spec: the command's verdict, once there is one.
            return !run.hasVerification() ? "" : run.getVerification().getTimedOut() ? "verify: timed out"
                    : run.getVerification().getExitCode() == 0 ? "verify: passed"
                    : "verify: exit " + run.getVerification().getExitCode();
        }
        String delivery = run.getSpecDelivery();
        if (delivery.equals(DELIVERED)) {
            return run.getSpecStatusAfter();
        }
        return StatusMessages.oneLine(delivery);
    }

    /** "run 12 of 2026-01-22-001-x7m". */
    static String runOf(Run run) {
        return "run " + run.getId() + " of " + run.getSpecId();
    }

    /** "provider claude" or "provider claude, model opus"; "verify gate" for a verify run (no agent). */
    static String provider(Run run) {
        if (run.getKind() == chant.v1.RunKind.RUN_KIND_VERIFY) {
            return "verify gate";
        }
        return "provider " + (run.getProvider().isEmpty() ? "claude" : run.getProvider())
                + (run.getModel().isEmpty() ? "" : ", model " + run.getModel());
    }

    /** The PROVIDER column: the run's provider; "verify" for a verify run, which runs a command, not an agent. */
    static String agent(Run run) {
        return run.getKind() == chant.v1.RunKind.RUN_KIND_VERIFY ? "verify" : run.getProvider();
    }
}
