package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.ended;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.v1.Run;
import chant.v1.RunStatus;
import org.junit.jupiter.api.Test;

class RunEndTest {

    private static void assertReport(String line, int exitCode, Run.Builder run) {
        RunEnd.Report report = RunEnd.report(run.build());
        assertEquals(line, report.line());
        assertEquals(exitCode, report.exitCode());
    }

    @Test
    void everyEndHasItsExitCode() {
        assertReport("run 1 succeeded; spec " + SPEC + " is completed", 0,
                ended(1, RunStatus.RUN_STATUS_SUCCEEDED, "completed"));
        assertReport("run 1 failed (agent exited with 1); spec " + SPEC + " is failed", 8,
                ended(1, RunStatus.RUN_STATUS_FAILED, "failed").setEndReason("agent exited with 1"));
        assertReport("run 1 cancelled (cancelled by bob: stopped); spec " + SPEC + " is needs_attention", 9,
                ended(1, RunStatus.RUN_STATUS_CANCELLED, "needs_attention").setEndReason("cancelled by bob: stopped"));
        assertReport("run 1 timed_out; spec " + SPEC + " is failed", 10, ended(1, RunStatus.RUN_STATUS_TIMED_OUT, "failed"));
        assertReport("run 1 lost (the runner stopped reporting); spec " + SPEC + ": result pending delivery to spec-service",
                11, ended(1, RunStatus.RUN_STATUS_LOST, "").setSpecDelivery("pending")
                        .setEndReason("the runner stopped reporting"));
        assertReport("run 1 succeeded; spec " + SPEC + " is failed", 12, ended(1, RunStatus.RUN_STATUS_SUCCEEDED, "failed"));
        assertReport("run 1 succeeded; spec " + SPEC + ": result pending delivery to spec-service", 13,
                ended(1, RunStatus.RUN_STATUS_SUCCEEDED, "").setSpecDelivery("pending"));
    }

    @Test
    void aSucceededRunWithoutAResultDidNotCompleteItsSpec() {
        assertReport("run 1 succeeded; no result for spec " + SPEC + " was recorded", 12,
                ended(1, RunStatus.RUN_STATUS_SUCCEEDED, "").setSpecDelivery(""));
    }

    @Test
    void aLongReasonIsCut() {
        RunEnd.Report report = RunEnd.report(ended(1, RunStatus.RUN_STATUS_FAILED, "failed")
                .setEndReason("x".repeat(1000)).build());

        assertEquals("run 1 failed (" + "x".repeat(RunEnd.MAX_REASON - 3) + "...); spec " + SPEC + " is failed",
                report.line());
    }

    @Test
    void aRunThatIsStillActiveIsAFailureToFollow() {
        assertReport("run 1 is still running (its log stream ended before the run did): follow it again with "
                + "chant log --run 1 --follow", 1, aRun(1, RunStatus.RUN_STATUS_RUNNING));
    }
}
