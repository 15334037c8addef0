package chant.merge.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.testing.ScriptedAgentService;
import chant.merge.testing.ScriptedSpecServiceResource;
import chant.v1.EnqueueRunRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.Run;
import chant.v1.RunKind;
import chant.v1.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verify gate run by agent-service ({@code chant.merge.verify.where=agent-service}, as in Kubernetes):
 * the merge result goes to {@code refs/chant/verify/<request>-<position>} of the remote, a verify run is
 * asked for with the project's command, and its result decides, as a verification here would. The test
 * plays the runner: it reads the commit under the ref on the remote, then ends the run.
 */
@QuarkusTest
@TestProfile(VerifyRunsApiTest.Profile.class)
class VerifyRunsApiTest extends MergeApiTestBase {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chant.merge.verify.where", "agent-service", "chant.merge.verify.run-poll", "200ms");
        }
    }

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> COMMAND = List.of("sh", "-c", "make test");

    private final ScriptedAgentService agents = ScriptedSpecServiceResource.agents();

    @org.junit.jupiter.api.BeforeEach
    void agentServiceAnswers() {
        agents.failNextReads(0);
    }

    private MergeRequest awaitEnd(long id) {
        await().atMost(DEADLINE).until(() -> {
            MergeStatus s = get(id).getStatus();
            return s == MergeStatus.MERGE_STATUS_DONE || s == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return get(id);
    }

    /** The target before the merge: it moves only to a commit a verify run passed. */
    private String mainBefore;

    /** A finished spec, the project's gate with {@code seconds} for the command, and its merge submitted. */
    private long submitGated(String spec, int seconds) {
        finished(spec, "feature.txt", "feature\n");
        specs.verifyGate(project, COMMAND, seconds);
        mainBefore = remote.branch("main");
        return merges.submitMerge(submit(spec).build()).getMerge().getId();
    }

    /** The verify run asked for, once it is there (the {@code n}th of the project). */
    private Run awaitVerifyRun(int n) {
        await().atMost(DEADLINE).until(() -> agents.runsOf(project).size() >= n);
        return agents.runsOf(project).stream().sorted(java.util.Comparator.comparingLong(Run::getId)).toList().get(n - 1);
    }

    @Test
    void theMergeResultIsVerifiedByAVerifyRunOnItsRefAndMergedWhenItPasses() {
        long id = submitGated("a1", 120);

        Run run = awaitVerifyRun(1);
        assertEquals(RunKind.RUN_KIND_VERIFY, run.getKind());
        String ref = "refs/chant/verify/" + id + "-0";
        assertEquals(ref, run.getVerify().getRef());
        assertEquals(run.getVerify().getCommit(), remote.inRemote("rev-parse", ref).strip(),
                "the commit to verify is under its ref on the remote");
        assertEquals("feature\n", remote.inRemote("show", run.getVerify().getCommit() + ":feature.txt") + "\n");
        assertEquals(COMMAND, run.getVerify().getCommandList());
        assertEquals(120, run.getVerify().getTimeoutSeconds());
        assertEquals(420, run.getTimeoutSeconds(), "the command's limit and five minutes for the fetch");
        EnqueueRunRequest asked = agents.enqueues(project).get(0);
        assertEquals(run.getSpecId(), asked.getSpecId());
        var call = agents.calls(project).get(0);
        assertEquals("merge-service", call.principal().subject());
        assertEquals(java.util.Optional.of("alice"), call.onBehalfOf(), "asked for the requester");
        assertEquals(mainBefore, remote.branch("main"), "nothing moves before the run answers");

        agents.finishVerify(run.getId(), 0, "42 tests passed\n");
        MergeRequest m = awaitEnd(id);

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_MERGED), m.getItemsList().stream().map(MergeItem::getOutcome)
                .toList());
        MergeItem item = m.getItems(0);
        assertEquals(run.getVerify().getCommit(), item.getTargetAfter(), "the target moved to the verified commit");
        assertEquals(item.getTargetAfter(), remote.branch("main"));
        assertEquals(0, item.getVerify().getExitCode());
        assertEquals("42 tests passed\n", item.getVerify().getOutputTail());
        assertEquals("", remote.inRemote("for-each-ref", "refs/chant/verify/").strip(), "the verify ref is deleted");
    }

    @Test
    void aFailingVerifyRunLeavesTheTargetAndTheSpecNeedsAttention() {
        long id = submitGated("f1", 60);

        agents.finishVerify(awaitVerifyRun(1).getId(), 2, "FAILED test_lost_write\n");
        MergeRequest m = awaitEnd(id);

        assertEquals(MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED, m.getItems(0).getOutcome());
        assertEquals(2, m.getItems(0).getVerify().getExitCode());
        assertTrue(m.getItems(0).getReason().contains("exit code 2"), m.getItems(0).getReason());
        assertEquals(mainBefore, remote.branch("main"), "the target did not move");
        assertEquals("", remote.inRemote("for-each-ref", "refs/chant/verify/").strip());
    }

    /**
     * A look that cannot follow its run (agent-service away, or this worker gone) records nothing: the queue
     * looks again later, works the merge out again and has that result verified; the spec is merged once,
     * at exactly the commit a run passed.
     */
    @Test
    void aLookThatLosesItsRunLeavesNothingHalfDoneAndTheNextLookVerifiesAndMerges() {
        agents.failNextReads(1_000_000);
        long id = submitGated("w1", 60);

        Run first = awaitVerifyRun(1);
        await().atMost(DEADLINE).until(() -> lastFailure().contains("agent-service"));
        assertEquals(mainBefore, remote.branch("main"), "nothing is merged unverified");
        assertEquals(0, intents(id), "no intent is recorded while the gate has not answered");

        agents.failNextReads(0);
        await().atMost(DEADLINE).until(() -> agents.runsOf(project).stream().anyMatch(r -> r.getId() != first.getId())
                || agents.enqueues(project).size() > 1);
        Run verifying = agents.runsOf(project).stream().max(java.util.Comparator.comparingLong(Run::getId)).orElseThrow();
        agents.finishVerify(verifying.getId(), 0, "ok\n");
        MergeRequest m = awaitEnd(id);
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, m.getItems(0).getOutcome());
        assertEquals(verifying.getVerify().getCommit(), remote.branch("main"), "merged at the commit a run passed");
        assertEquals(verifying.getVerify().getCommit(), m.getItems(0).getVerify().getCommit());
    }

    @Test
    void aVerifyRunThatEndsWithoutAnAnswerIsFollowedByAnotherAndNothingIsMergedUnverified() {
        long id = submitGated("l1", 60);

        Run first = awaitVerifyRun(1);
        agents.finish(first.getId(), RunStatus.RUN_STATUS_LOST, "its Job's pod was evicted", "");
        Run second = awaitVerifyRun(2);
        assertEquals(first.getVerify().getCommit(), second.getVerify().getCommit(), "the same result, verified again");
        assertEquals("verify-" + id + "-0-after-" + first.getId(), agents.enqueues(project).get(1).getRequestId());
        assertEquals(mainBefore, remote.branch("main"), "nothing is merged unverified");

        agents.finishVerify(second.getId(), 0, "ok\n");
        MergeRequest m = awaitEnd(id);
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, m.getItems(0).getOutcome());
        assertEquals(second.getVerify().getCommit(), remote.branch("main"));
    }
}
