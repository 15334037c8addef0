package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.ended;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.v1.Run;
import chant.v1.RunStatus;
import org.junit.jupiter.api.Test;

class RunEndTest {

    @Test
    void aSplitRunEndsWithItsMembersOrWhyItDidNotSplit() {
        RunEnd.Report split = RunEnd.report(RunMessages.aRun(14, RunStatus.RUN_STATUS_SUCCEEDED)
                .setKind(chant.v1.RunKind.RUN_KIND_SPLIT).setEndReason("split x into 1 member: x.1 Parse").build());
        assertEquals(new RunEnd.Report("run 14 succeeded: split x into 1 member: x.1 Parse", 0), split);
        RunEnd.Report failed = RunEnd.report(RunMessages.aRun(14, RunStatus.RUN_STATUS_FAILED)
                .setKind(chant.v1.RunKind.RUN_KIND_SPLIT).setEndReason("member 1 has no body").build());
        assertEquals(new RunEnd.Report("run 14 failed (member 1 has no body); spec " + RunMessages.SPEC
                + " was not split", 8), failed);
    }

    @Test
    void aVerifyRunEndsWithTheCommandsVerdict() {
        assertReport("run 15 succeeded: the verify command passed on abc in 3 s", 0, RunMessages.aRun(15,
                RunStatus.RUN_STATUS_SUCCEEDED).setKind(chant.v1.RunKind.RUN_KIND_VERIFY)
                .setEndReason("the verify command passed on abc in 3 s")
                .setVerification(chant.v1.RunVerification.newBuilder().setExitCode(0)));
        assertReport("run 15 succeeded: the verify command failed on abc: exit code 3", 1, RunMessages.aRun(15,
                RunStatus.RUN_STATUS_SUCCEEDED).setKind(chant.v1.RunKind.RUN_KIND_VERIFY)
                .setEndReason("the verify command failed on abc: exit code 3")
                .setVerification(chant.v1.RunVerification.newBuilder().setExitCode(3)));
        assertReport("run 15 failed (the sandbox cannot run); the verify command gave no answer", 8, RunMessages.aRun(15,
                RunStatus.RUN_STATUS_FAILED).setKind(chant.v1.RunKind.RUN_KIND_VERIFY)
                .setEndReason("the sandbox cannot run"));
        Run verify = RunMessages.aRun(15, RunStatus.RUN_STATUS_SUCCEEDED).setKind(chant.v1.RunKind.RUN_KIND_VERIFY)
                .setVerification(chant.v1.RunVerification.newBuilder().setExitCode(3)).build();
        assertEquals("verify: exit 3", RunText.specResult(verify));
        assertEquals("verify", RunText.agent(verify));
        assertEquals("verify gate", RunText.provider(verify));
    }

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
