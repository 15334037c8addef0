package chant.cli.run;

import chant.cli.Timing;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.v1.Run;
import chant.v1.RunKind;
import chant.v1.RunStatus;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The end of a followed run: the line that says how it ended and what became of its spec, and the
 * exit code. A run's result reaches its spec a little after the run ends (agent-service delivers
 * it, and keeps trying while spec-service is away), so a result still pending is waited for.
 */
final class RunEnd {
    /** How long to wait for a pending result to reach spec-service. */
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);
    /** How often to ask meanwhile. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Longest end reason shown; longer ones are cut with "...". */
    static final int MAX_REASON = 300;

    record Report(String line, int exitCode) {
    }

    private RunEnd() {
    }

    /**
     * The run once its result is no longer pending, or as it is after {@link #DELIVERY_WAIT}:
     * {@code getRun} reads it again, every {@link #POLL}.
     */
    static Run awaitDelivery(Run run, Supplier<Run> getRun, Timing timing) throws InterruptedException {
        long start = timing.nanoTime();
        while (!RunText.active(run) && run.getSpecDelivery().equals(RunText.PENDING)
                && timing.nanoTime() - start < DELIVERY_WAIT.toNanos()) {
            timing.sleep(POLL);
            run = getRun.get();
        }
        return run;
    }

    /** The last line and the exit code for {@code run} as it is now. */
    static Report report(Run run) {
        String spec = "spec " + run.getSpecId();
        String line = "run " + run.getId() + " " + RunText.status(run);
        if (RunText.active(run)) {
            return new Report("run " + run.getId() + " is still " + RunText.status(run)
                    + " (its log stream ended before the run did): follow it again with chant log --run " + run.getId()
                    + " --follow", ExitCodes.FAILED);
        }
        if (run.getKind() == RunKind.RUN_KIND_VERIFY) {
            // merge-service's verify gate: the command's verdict, not the spec, is the result.
            if (run.getStatus() != RunStatus.RUN_STATUS_SUCCEEDED) {
                return new Report(line + reason(run) + "; the verify command gave no answer", endCode(run));
            }
            boolean passed = run.getVerification().getExitCode() == 0 && !run.getVerification().getTimedOut();
            return new Report(line + ": " + StatusMessages.oneLine(run.getEndReason()), passed ? ExitCodes.OK
                    : ExitCodes.FAILED);
        }
        if (run.getKind() == RunKind.RUN_KIND_SPLIT) {
            // A split reports nothing to its spec: its end reason names the members it created.
            return run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED
                    ? new Report(line + ": " + StatusMessages.oneLine(run.getEndReason()), ExitCodes.OK)
                    : new Report(line + reason(run) + "; " + spec + " was not split", endCode(run));
        }
        String reason = StatusMessages.oneLine(run.getEndReason());
        if (run.getStatus() != RunStatus.RUN_STATUS_SUCCEEDED && !reason.isEmpty()) {
            line += " (" + (reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...") + ")";
        }
        String delivery = run.getSpecDelivery();
        boolean completed = false;
        if (delivery.equals(RunText.DELIVERED)) {
            line += "; " + spec + " is " + run.getSpecStatusAfter();
            completed = run.getSpecStatusAfter().equals("completed");
        } else if (delivery.equals(RunText.PENDING)) {
            line += "; " + spec + ": result pending delivery to spec-service";
        } else if (delivery.startsWith(RunText.REFUSED)) {
            String why = StatusMessages.oneLine(delivery.substring(RunText.REFUSED.length()).replaceFirst("^:\\s*", ""));
            line += "; spec-service refused the result for " + spec + (why.isEmpty() ? "" : ": " + why);
        } else if (!delivery.isEmpty()) {
            line += "; " + spec + ": result " + StatusMessages.oneLine(delivery);
        } else if (run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED) {
            line += "; no result for " + spec + " was recorded";
        }
        int exitCode = run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED ? completed ? ExitCodes.OK
                : delivery.equals(RunText.PENDING) ? ExitCodes.RESULT_PENDING : ExitCodes.SPEC_NOT_COMPLETED
                : endCode(run);
        return new Report(line, exitCode);
    }

    /** The exit code of a run that ended without success: 8 failed, 9 cancelled, 10 timed out, 11 lost. */
    static int endCode(Run run) {
        return switch (run.getStatus()) {
            case RUN_STATUS_SUCCEEDED -> ExitCodes.OK;
            case RUN_STATUS_FAILED -> ExitCodes.RUN_FAILED;
            case RUN_STATUS_CANCELLED -> ExitCodes.RUN_CANCELLED;
            case RUN_STATUS_TIMED_OUT -> ExitCodes.RUN_TIMED_OUT;
            case RUN_STATUS_LOST -> ExitCodes.RUN_LOST;
            default -> ExitCodes.FAILED;
        };
    }

    /** " (reason)" for a run that did not succeed and has a reason, cut to {@link #MAX_REASON}; else "". */
    static String reason(Run run) {
        String reason = StatusMessages.oneLine(run.getEndReason());
        if (run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED || reason.isEmpty()) {
            return "";
        }
        return " (" + (reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...") + ")";
    }
}
