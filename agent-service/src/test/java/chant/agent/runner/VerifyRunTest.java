package chant.agent.runner;

import static chant.agent.testing.GitRepositories.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.support.testing.GrpcAssertions;
import chant.support.testing.TestTokens;
import chant.v1.ClaimRunResponse;
import chant.v1.EnqueueRunRequest;
import chant.v1.FinishRunRequest;
import chant.v1.ListRunsRequest;
import chant.v1.PauseRunRequest;
import chant.v1.Run;
import chant.v1.RunKind;
import chant.v1.RunOutcome;
import chant.v1.RunStatus;
import chant.v1.RunVerification;
import chant.v1.VerifyTask;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify runs (docs/agent-service.md, "Verify runs"): merge-service's verify gate as a run. The
 * runner fetches the commit from its ref of the project's remote and runs the command on exactly that
 * commit in the sandbox; the run succeeds with what the command did, pass or fail, and its spec is
 * not touched. Only merge-service may ask, and a request that is wrong stores nothing.
 */
@QuarkusTest
class VerifyRunTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-012-vfy";
    private static final String REF = "refs/chant/verify/7-1";
    private static final String MERGE_SERVICE = TestTokens.shared().service("merge-service");

    @TempDir
    Path dir;

    private String project;
    private Path remote;
    private String commit;

    /** A remote whose main lacks feature.txt, and the commit to verify (with it) only under the verify ref. */
    @BeforeEach
    void aCommitUnderAVerifyRef() throws Exception {
        project = newProject();
        remote = GitRepositories.remoteWithMain(dir);
        ScriptedSpecServiceResource.server().setRepository(project, remote.toString());
        Path clone = dir.resolve("clone");
        git(dir, "clone", "-q", remote.toString(), clone.toString());
        Files.writeString(clone.resolve("feature.txt"), "the feature\n");
        git(clone, "add", "feature.txt");
        git(clone, "commit", "-q", "-m", "merge result");
        commit = git(clone, "rev-parse", "HEAD").strip();
        git(clone, "push", "-q", "origin", "HEAD:" + REF);
    }

    private Run enqueueVerify(Consumer<EnqueueRunRequest.Builder> customize) {
        EnqueueRunRequest.Builder request = EnqueueRunRequest.newBuilder().setProject(project).setSpecId(SPEC)
                .setKind(RunKind.RUN_KIND_VERIFY).setTimeoutSeconds(300)
                .setVerify(VerifyTask.newBuilder().setCommit(commit).setRef(REF).setTimeoutSeconds(60)
                        .addAllCommand(List.of("sh", "-c", "test -f feature.txt && git rev-parse HEAD && echo verified")));
        customize.accept(request);
        return GrpcAssertions.withToken(runs, MERGE_SERVICE).enqueueRun(request.build()).getRun();
    }

    private int runClaimed(ByteArrayOutputStream output) {
        ClaimRunResponse claim = claim("runner-verify");
        assertTrue(claim.getClaimed());
        return InProcessRunner.run(claim, InProcessRunner.testAgentServer(),
                "localhost:" + ScriptedSpecServiceResource.server().port(), dir.resolve("work"), Map.of(),
                Duration.ofSeconds(10), new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    @Test
    void aPassingCommandRunsOnExactlyTheCommitAndTheRunSucceedsWithItsResult() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        Run queued = enqueueVerify(r -> { });
        assertEquals(RunKind.RUN_KIND_VERIFY, queued.getKind());
        assertEquals(commit, queued.getVerify().getCommit());
        assertEquals(List.of("sh", "-c", "test -f feature.txt && git rev-parse HEAD && echo verified"),
                queued.getVerify().getCommandList());

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(Runner.DONE, runClaimed(output), output.toString(StandardCharsets.UTF_8));

        Run done = get(queued.getId());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, done.getStatus(), done.getEndReason());
        RunVerification v = done.getVerification();
        assertEquals(0, v.getExitCode());
        assertFalse(v.getTimedOut());
        assertTrue(v.getOutputTail().contains(commit + "\nverified"), "it ran on exactly that commit: " + v.getOutputTail());
        assertTrue(done.getEndReason().startsWith("the verify command passed on " + commit), done.getEndReason());
        assertEquals("", done.getSpecDelivery(), "a verify run reports nothing to its spec");
        assertFalse(specService.callsAbout(project).stream().anyMatch(c -> c.rpc().contains("Start")
                || c.rpc().contains("Record") || c.rpc().contains("Reset")),
                "the spec was not started or changed: " + specService.callsAbout(project));
        String log = storedLog(done.getId());
        assertTrue(log.contains("[verify] verified"), log);
        try (var left = Files.list(dir.resolve("work/verify/" + done.getId()))) {
            assertEquals(0, left.count(), "the checkout is removed");
        }
    }

    @Test
    void aFailingCommandStillEndsTheRunSucceededWithItsExitCodeAndOutput() {
        Run queued = enqueueVerify(r -> r.getVerifyBuilder().clearCommand()
                .addAllCommand(List.of("sh", "-c", "echo 2 tests failed; exit 3")));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(Runner.DONE, runClaimed(output), output.toString(StandardCharsets.UTF_8));

        Run done = get(queued.getId());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, done.getStatus());
        assertEquals(3, done.getVerification().getExitCode());
        assertTrue(done.getVerification().getOutputTail().contains("2 tests failed"));
        assertTrue(done.getEndReason().contains("the verify command failed on " + commit + ": exit code 3"),
                done.getEndReason());
    }

    @Test
    void aRefThatCannotBeFetchedIsARetryableFailure() {
        Run queued = enqueueVerify(r -> r.getVerifyBuilder().setRef("refs/chant/verify/gone"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(Runner.DONE, runClaimed(output), output.toString(StandardCharsets.UTF_8));
        Run after = get(queued.getId());
        assertEquals(2, after.getAttempt(), "retried: " + after);
        assertTrue(after.getRetryReason().contains("could not be fetched from refs/chant/verify/gone"),
                after.getRetryReason());
        assertFalse(after.hasVerification());
    }

    @Test
    void onlyMergeServiceMayAskAndAWrongRequestStoresNothing() {
        String denied = GrpcAssertions.assertStatus(Status.Code.PERMISSION_DENIED, () -> runs.enqueueRun(
                EnqueueRunRequest.newBuilder().setProject(project).setSpecId(SPEC).setKind(RunKind.RUN_KIND_VERIFY)
                        .setTimeoutSeconds(300).setVerify(VerifyTask.newBuilder().setCommit(commit).setRef(REF)
                                .setTimeoutSeconds(60).addCommand("true")).build()));
        assertTrue(denied.contains("only merge-service may enqueue a verify run"), denied);

        Map<String, Consumer<EnqueueRunRequest.Builder>> wrong = Map.of(
                "verify is required for a verify run", r -> r.clearVerify(),
                "verify.commit 'main' is not a commit", r -> r.getVerifyBuilder().setCommit("main"),
                "verify.ref 'refs/heads/main' must be a ref under refs/chant/verify/", r -> r.getVerifyBuilder()
                        .setRef("refs/heads/main"),
                "verify.command has 0 arguments", r -> r.getVerifyBuilder().clearCommand(),
                "verify.command has 65 arguments: use at most 64", r -> r.getVerifyBuilder().clearCommand()
                        .addAllCommand(java.util.Collections.nCopies(65, "x")),
                "must be more than the command's verify.timeout_seconds 60", r -> r.setTimeoutSeconds(60),
                "leave prompt, provider, model and target_branch empty", r -> r.setProvider("demo"),
                "verify is only for a verify run (kind VERIFY)", r -> r.setKind(RunKind.RUN_KIND_WORK));
        wrong.forEach((message, change) -> {
            String description = GrpcAssertions.assertStatus(Status.Code.INVALID_ARGUMENT, () -> enqueueVerify(change));
            assertTrue(description.contains(message), message + " / " + description);
        });
        assertEquals(0, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount(),
                "nothing was stored");
    }

    @Test
    void aVerifyRunCannotBePausedAndAWorkRunReportsNoVerification() {
        Run verify = enqueueVerify(r -> { });
        String paused = GrpcAssertions.assertStatus(Status.Code.FAILED_PRECONDITION, () -> runs.pauseRun(
                PauseRunRequest.newBuilder().setRunId(verify.getId()).build()));
        assertTrue(paused.contains("is a verify run of merge-service's gate"), paused);
        ClaimRunResponse claim = claim("runner-verify");
        String missing = GrpcAssertions.assertStatus(Status.Code.INVALID_ARGUMENT, () -> runnerOf(verify.getId())
                .finishRun(FinishRunRequest.newBuilder().setRunId(verify.getId()).setEpoch(claim.getLease().getEpoch())
                        .setOutcome(RunOutcome.RUN_OUTCOME_SUCCEEDED).build()));
        assertTrue(missing.contains("reports what its command did"), missing);
        assertEquals(RunStatus.RUN_STATUS_PREPARING, get(verify.getId()).getStatus(), "nothing changed");
        finish(verify.getId(), claim.getLease().getEpoch(), RunOutcome.RUN_OUTCOME_FAILED, "given up");

        Run work = enqueue(project, SPEC);
        ClaimRunResponse workClaim = claim("runner-work");
        String notVerify = GrpcAssertions.assertStatus(Status.Code.INVALID_ARGUMENT, () -> runnerOf(work.getId())
                .finishRun(FinishRunRequest.newBuilder().setRunId(work.getId()).setEpoch(workClaim.getLease().getEpoch())
                        .setOutcome(RunOutcome.RUN_OUTCOME_SUCCEEDED)
                        .setVerification(RunVerification.newBuilder().setExitCode(0)).build()));
        assertTrue(notVerify.contains("verification is only for a verify run"), notVerify);
        assertEquals(RunStatus.RUN_STATUS_PREPARING, get(work.getId()).getStatus(), "nothing changed");
    }

    private String storedLog(long runId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        runs.followLog(chant.v1.FollowLogRequest.newBuilder().setRunId(runId).build())
                .forEachRemaining(chunk -> bytes.writeBytes(chunk.getData().toByteArray()));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
