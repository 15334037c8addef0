package chant.cli.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.v1.GetMergeResponse;
import chant.v1.MergeItem;
import chant.v1.VerifyResult;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.SubmitMergeRequest;
import chant.v1.SubmitMergeResponse;
import chant.v1.WatchMergeResponse;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeCommandTest extends InProcessCliTest {

    private static final String A = "2026-12-04-001-aaa";
    private static final String B = "2026-12-04-002-bbb";
    private static final String C = "2026-12-04-003-ccc";

    private static MergeItem item(String spec, MergeOutcome outcome) {
        return MergeItem.newBuilder().setSpecId(spec).setBranch("chant/" + spec).setOutcome(outcome).build();
    }

    private static MergeRequest.Builder request(MergeStatus status, MergeItem... items) {
        return MergeRequest.newBuilder().setId(7).setProject(PROJECT).setTargetBranch("main")
                .setStrategy(MergeStrategy.MERGE_STRATEGY_AUTO).setStatus(status).addAllItems(List.of(items));
    }

    private static MergeItem merged(String spec, String commit) {
        return item(spec, MergeOutcome.MERGE_OUTCOME_MERGED).toBuilder().setMergeCommit(commit).build();
    }

    @Test
    void followsTheQueueAndPrintsEachSpecAsItsOutcomeIsKnown() {
        MergeItem pendingA = item(A, MergeOutcome.MERGE_OUTCOME_PENDING);
        MergeItem pendingB = item(B, MergeOutcome.MERGE_OUTCOME_PENDING);
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder()
                .setMerge(request(MergeStatus.MERGE_STATUS_QUEUED, pendingA, pendingB)).build());
        server.reply(MergeServiceGrpc.getWatchMergeMethod(), List.of(
                watch(request(MergeStatus.MERGE_STATUS_QUEUED, pendingA, pendingB)),
                watch(request(MergeStatus.MERGE_STATUS_RUNNING, merged(A, "0123456789abcdef0123"), pendingB)),
                watch(request(MergeStatus.MERGE_STATUS_DONE, merged(A, "0123456789abcdef0123"),
                        item(B, MergeOutcome.MERGE_OUTCOME_ALREADY_MERGED)))));

        Result result = run("merge", "--label", "issue-1234", "--strategy", "squash", "--delete-branch");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("merge request 7: 2 specs into main (auto)",
                "  merged          " + A + "  chant/" + A + " (0123456789ab)",
                "  already merged  " + B + "  chant/" + B,
                "merged 2 of 2 specs"), result.outLines());
        SubmitMergeRequest sent = server.requests(MergeServiceGrpc.getSubmitMergeMethod()).get(0);
        assertEquals("issue-1234", sent.getLabel());
        assertEquals(MergeStrategy.MERGE_STRATEGY_SQUASH, sent.getStrategy());
        assertEquals(true, sent.getDeleteBranch());
        assertEquals(PROJECT, sent.getProject());
    }

    @Test
    void aFailedVerifyGateIsPrintedWithTheEndOfTheCommandsOutput() {
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            output.append("test ").append(i).append(" ok\n");
        }
        output.append("FAILED test_lost_write: expected 2, got 3\n");
        MergeItem failed = item(A, MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED).toBuilder()
                .setVerify(VerifyResult.newBuilder().setCommit("0123456789abcdef").setExitCode(1)
                        .setOutputTail(output.toString()).setDurationMs(4200)).build();
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder()
                .setMerge(request(MergeStatus.MERGE_STATUS_STOPPED, failed, item(B, MergeOutcome.MERGE_OUTCOME_SKIPPED)
                        .toBuilder().setReason("not tried").build())).build());

        Result result = run("merge", A, B);

        assertEquals(1, result.exitCode(), result.toString());
        List<String> lines = result.outLines();
        assertEquals("  verify failed   " + A + "  the verify command failed on the merge result (exit code 1); the"
                + " target did not move, the spec needs attention, its branch is kept; its output ended:", lines.get(1));
        assertEquals("      | test 12 ok", lines.get(2), "the last 20 lines");
        assertEquals("      | FAILED test_lost_write: expected 2, got 3", lines.get(21));
        assertEquals("  skipped         " + B + "  not tried", lines.get(22));
    }

    @Test
    void aConflictStopsTheRequestNamesTheFilesAndExits1() {
        MergeItem conflict = item(B, MergeOutcome.MERGE_OUTCOME_CONFLICT).toBuilder().addConflictFiles("kv/store.py")
                .addConflictFiles("tests/test_store.py").build();
        MergeItem skipped = item(C, MergeOutcome.MERGE_OUTCOME_SKIPPED).toBuilder()
                .setReason("not tried: " + B + " stopped the request").build();
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder()
                .setMerge(request(MergeStatus.MERGE_STATUS_STOPPED, merged(A, "abc"), conflict, skipped)).build());

        Result result = run("merge", A, B, C);

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of("merge request 7: 3 specs into main (auto)",
                "  merged          " + A + "  chant/" + A + " (abc)",
                "  conflict        " + B + "  conflicts in kv/store.py, tests/test_store.py; the spec needs attention, "
                        + "its branch is kept",
                "  skipped         " + C + "  not tried: " + B + " stopped the request",
                "merged 1 of 3 specs; stopped at the first that could not be merged (--continue-on-error goes on)"),
                result.outLines());
        assertEquals(List.of(A, B, C), server.requests(MergeServiceGrpc.getSubmitMergeMethod()).get(0).getSpecIdsList());
    }

    @Test
    void resolveShowsTheRunThatResolvesAConflictThenTheOutcome() {
        MergeItem pendingA = item(A, MergeOutcome.MERGE_OUTCOME_PENDING);
        MergeItem pendingB = item(B, MergeOutcome.MERGE_OUTCOME_PENDING);
        MergeItem recorded = item(A, MergeOutcome.MERGE_OUTCOME_RESOLVING).toBuilder().addConflictFiles("kv/store.py")
                .setResolveAttempts(1).build();
        MergeItem resolving = recorded.toBuilder().setResolveRunId(42).build();
        MergeItem failed = item(B, MergeOutcome.MERGE_OUTCOME_CONFLICT).toBuilder().addConflictFiles("README.md")
                .setResolveRunId(43).setReason("merge-conflict run 43 failed: conflict markers remain in README.md")
                .build();
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder()
                .setMerge(request(MergeStatus.MERGE_STATUS_QUEUED, pendingA, pendingB)).build());
        server.reply(MergeServiceGrpc.getWatchMergeMethod(), List.of(
                watch(request(MergeStatus.MERGE_STATUS_RUNNING, recorded, pendingB)),
                watch(request(MergeStatus.MERGE_STATUS_RUNNING, resolving, pendingB)),
                watch(request(MergeStatus.MERGE_STATUS_RUNNING, resolving.toBuilder().setReason("still").build(),
                        pendingB)),
                watch(request(MergeStatus.MERGE_STATUS_RUNNING, merged(A, "0123456789abcdef0123").toBuilder()
                        .setResolveRunId(42).build(), pendingB)),
                watch(request(MergeStatus.MERGE_STATUS_DONE, merged(A, "0123456789abcdef0123").toBuilder()
                        .setResolveRunId(42).build(), failed).setContinueOnError(true))));

        Result result = run("merge", A, B, "--resolve", "--continue-on-error");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of("merge request 7: 2 specs into main (auto)",
                "  resolving (run 42) " + A + "  conflicts in kv/store.py; chant log --run 42 --follow follows it",
                "  merged          " + A + "  chant/" + A + " (0123456789ab)",
                "  conflict        " + B + "  conflicts in README.md; merge-conflict run 43 failed: conflict markers"
                        + " remain in README.md; the spec needs attention, its branch is kept",
                "merged 1 of 2 specs"), result.outLines());
        assertEquals(true, server.requests(MergeServiceGrpc.getSubmitMergeMethod()).get(0).getResolve());

        Result withDryRun = run("merge", A, "--resolve", "--dry-run");
        assertEquals(2, withDryRun.exitCode(), withDryRun.toString());
        assertEquals(List.of("chant: --resolve and --dry-run do not go together: a dry run moves nothing and starts no"
                + " run"), withDryRun.errLines());
    }

    @Test
    void aLostWatchIsFollowedByReadingTheRequestAgain() {
        MergeItem pending = item(A, MergeOutcome.MERGE_OUTCOME_PENDING);
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder()
                .setMerge(request(MergeStatus.MERGE_STATUS_QUEUED, pending)).build());
        server.reply(MergeServiceGrpc.getWatchMergeMethod(), Status.UNAVAILABLE.withDescription("shutting down"));
        server.reply(MergeServiceGrpc.getGetMergeMethod(),
                GetMergeResponse.newBuilder().setMerge(request(MergeStatus.MERGE_STATUS_RUNNING, pending)).build(),
                GetMergeResponse.newBuilder().setMerge(request(MergeStatus.MERGE_STATUS_DONE, merged(A, "abc"))).build());

        Result result = run("merge", "--all");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("  merged          " + A + "  chant/" + A + " (abc)", result.outLines().get(1));
        assertEquals(List.of("chant: lost the watch of merge 7 (UNAVAILABLE); reading it again every 1 s"),
                result.errLines());
        assertEquals(true, server.requests(MergeServiceGrpc.getSubmitMergeMethod()).get(0).getAll());
    }

    @Test
    void aDryRunEndsAtOnceWithWhatWouldHappen() {
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder().setMerge(
                request(MergeStatus.MERGE_STATUS_DONE, item(A, MergeOutcome.MERGE_OUTCOME_MERGEABLE),
                        item(B, MergeOutcome.MERGE_OUTCOME_REFUSED).toBuilder()
                                .setReason(B + " is in_progress, not completed").build()).setDryRun(true)).build());

        Result result = run("merge", "--all", "--dry-run");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of("merge request 7 (dry run): 2 specs into main (auto)",
                "  mergeable       " + A + "  chant/" + A,
                "  refused         " + B + "  " + B + " is in_progress, not completed",
                "would merge 1 of 2 specs"), result.outLines());
        assertEquals(List.of(), server.requests(MergeServiceGrpc.getWatchMergeMethod()));
    }

    @Test
    void nothingLeftToMergeIsSaid() {
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), SubmitMergeResponse.newBuilder()
                .setMerge(request(MergeStatus.MERGE_STATUS_DONE)).build());

        Result result = run("merge", "--label", "issue-1234");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("nothing to merge: no completed spec labelled issue-1234 has a branch that is not merged"),
                result.outLines());
    }

    @Test
    void wrongUsageAndARefusedRequestAreOneLine() {
        Result none = run("merge");
        Result two = run("merge", "x7m", "--all");
        Result badStrategy = run("merge", "--all", "--strategy", "octopus");
        server.reply(MergeServiceGrpc.getSubmitMergeMethod(), Status.FAILED_PRECONDITION
                .withDescription("project demo has no repository: set repo_url"));
        Result refused = run("merge", "--all");

        assertEquals(List.of("chant: name the specs to merge, or --label LABEL, or --all"), none.errLines());
        assertEquals(List.of("chant: choose the specs one way: IDs, --label or --all"), two.errLines());
        assertEquals(List.of("chant: --strategy 'octopus' is not a strategy: use auto, fast-forward, merge, squash or "
                + "rebase"), badStrategy.errLines());
        assertEquals(2, badStrategy.exitCode());
        assertEquals(5, refused.exitCode(), refused.toString());
        assertEquals(List.of("chant: merge-service at localhost:8183: project demo has no repository: set repo_url"),
                refused.errLines());
    }

    private static WatchMergeResponse watch(MergeRequest.Builder merge) {
        return WatchMergeResponse.newBuilder().setMerge(merge).build();
    }
}
