package chant.cli.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.GetStatusSummaryRequest;
import chant.v1.GetStatusSummaryResponse;
import chant.v1.Problem;
import chant.v1.Severity;
import chant.v1.Spec;
import chant.v1.SpecFindings;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.StatusCount;
import chant.v1.ValidateSpecsRequest;
import chant.v1.ValidateSpecsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusAndLintCommandsTest extends InProcessCliTest {

    private static StatusCount count(SpecStatus status, long count) {
        return StatusCount.newBuilder().setStatus(status).setCount(count).build();
    }

    private static List<Spec> specs(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> Specs.spec(prefix + i, "Spec " + i, 1).build()).toList();
    }

    @Test
    void statusShowsTheCountsAndShortListsWhole() {
        server.reply(SpecLifecycleServiceGrpc.getGetStatusSummaryMethod(), GetStatusSummaryResponse.newBuilder()
                .addCounts(count(SpecStatus.SPEC_STATUS_PENDING, 3))
                .addCounts(count(SpecStatus.SPEC_STATUS_IN_PROGRESS, 1))
                .addCounts(count(SpecStatus.SPEC_STATUS_PAUSED, 0))
                .addCounts(count(SpecStatus.SPEC_STATUS_BLOCKED, 1))
                .addReadySpecs(Specs.spec("2026-01-22-001-x7m", "Fix the login", 1))
                .addReadySpecs(Specs.spec("2026-01-22-001-x7m.10", "Member ten", 1))
                .setReadyCount(2)
                .addBlockedSpecs(Specs.spec("2026-01-22-002-abc", "Release notes", 1))
                .setBlockedCount(1)
                .build());

        Result result = run("status");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(GetStatusSummaryRequest.newBuilder().setProject(PROJECT).build()),
                server.requests(SpecLifecycleServiceGrpc.getGetStatusSummaryMethod()));
        assertEquals(List.of(
                "pending 3, in_progress 1, blocked 1",
                "Ready (2):",
                "  2026-01-22-001-x7m     Fix the login",
                "  2026-01-22-001-x7m.10  Member ten",
                "Blocked (1):",
                "  2026-01-22-002-abc  Release notes"), result.outLines());
    }

    @Test
    void longListsStopAtTenLinesAndSayHowManyMore() {
        server.reply(SpecLifecycleServiceGrpc.getGetStatusSummaryMethod(), GetStatusSummaryResponse.newBuilder()
                .addCounts(count(SpecStatus.SPEC_STATUS_PENDING, 120))
                .addAllReadySpecs(specs("r", 50)).setReadyCount(75)
                .addAllBlockedSpecs(specs("b", 10)).setBlockedCount(10)
                .build());

        Result result = run("status");

        List<String> expected = new ArrayList<>(List.of("pending 120", "Ready (75):"));
        IntStream.rangeClosed(1, 9).forEach(i -> expected.add("  r" + i + (i < 10 ? " " : "") + " Spec " + i));
        expected.add("  ... and 66 more");
        expected.add("Blocked (10):");
        IntStream.rangeClosed(1, 10).forEach(i -> expected.add("  b" + i + (i < 10 ? "   " : "  ") + "Spec " + i));
        assertEquals(expected, result.outLines());
    }

    @Test
    void manyStatusesWrapOntoASecondLine() {
        GetStatusSummaryResponse.Builder summary = GetStatusSummaryResponse.newBuilder();
        for (SpecStatus status : List.of(SpecStatus.SPEC_STATUS_PENDING, SpecStatus.SPEC_STATUS_IN_PROGRESS,
                SpecStatus.SPEC_STATUS_PAUSED, SpecStatus.SPEC_STATUS_COMPLETED, SpecStatus.SPEC_STATUS_FAILED,
                SpecStatus.SPEC_STATUS_NEEDS_ATTENTION, SpecStatus.SPEC_STATUS_BLOCKED, SpecStatus.SPEC_STATUS_CANCELLED)) {
            summary.addCounts(count(status, 1234));
        }
        server.reply(SpecLifecycleServiceGrpc.getGetStatusSummaryMethod(), summary.build());

        Result result = run("status");

        assertEquals(List.of(
                "pending 1234, in_progress 1234, paused 1234, completed 1234, failed 1234,",
                "needs_attention 1234, blocked 1234, cancelled 1234",
                "Ready (0):",
                "Blocked (0):"), result.outLines());
    }

    @Test
    void lintPrintsEveryFindingAndExits1OnErrors() {
        server.reply(SpecLifecycleServiceGrpc.getValidateSpecsMethod(), ValidateSpecsResponse.newBuilder()
                .addSpecs(SpecFindings.newBuilder().setSpecId("2026-01-22-001-x7m")
                        .addProblems(Problem.newBuilder().setField("depends_on").setSeverity(Severity.SEVERITY_ERROR)
                                .setMessage("depends on itself"))
                        .addProblems(Problem.newBuilder().setField("body").setSeverity(Severity.SEVERITY_WARNING)
                                .setMessage("no acceptance criteria\nadd a '## Acceptance Criteria' list")))
                .addSpecs(SpecFindings.newBuilder().setSpecId("2026-01-22-002-abc")
                        .addProblems(Problem.newBuilder().setSeverity(Severity.SEVERITY_WARNING).setMessage("stale")))
                .setErrorCount(1).setWarningCount(2).setCheckedCount(7)
                .build());

        Result result = run("lint");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of(ValidateSpecsRequest.newBuilder().setProject(PROJECT).build()),
                server.requests(SpecLifecycleServiceGrpc.getValidateSpecsMethod()));
        assertEquals(List.of(
                "2026-01-22-001-x7m: error: depends_on: depends on itself",
                "2026-01-22-001-x7m: warning: body: no acceptance criteria; add a '## Acceptance Criteria' list",
                "2026-01-22-002-abc: warning: stale",
                "1 error, 2 warnings in 7 specs"), result.outLines());
        assertEquals("", result.err());
    }

    @Test
    void lintWithWarningsOnlyExits0() {
        server.reply(SpecLifecycleServiceGrpc.getValidateSpecsMethod(), ValidateSpecsResponse.newBuilder()
                .addSpecs(SpecFindings.newBuilder().setSpecId("2026-01-22-001-x7m")
                        .addProblems(Problem.newBuilder().setField("labels").setSeverity(Severity.SEVERITY_WARNING)
                                .setMessage("no labels")))
                .setWarningCount(1).setCheckedCount(1)
                .build());

        Result result = run("lint", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("x7m", server.requests(SpecLifecycleServiceGrpc.getValidateSpecsMethod()).get(0).getId());
        assertEquals(List.of("2026-01-22-001-x7m: warning: labels: no labels", "0 errors, 1 warning in 1 spec"),
                result.outLines());
    }
}
