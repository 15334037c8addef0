package chant.merge.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.queue.Checkpoints;
import chant.merge.queue.QueueDispatcher;
import chant.merge.testing.ScriptedSpecService;
import chant.support.testing.GrpcAssertions;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeRequestKind;
import chant.v1.MergeStatus;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SubmitArchiveRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Archive requests in the merge queue (SubmitArchive), against real remotes and the scripted
 * spec-service: one commit with every spec's markdown under .chant/archive/<date>/, the specs
 * archived afterwards, refusals named, crashes settled with exactly one commit, a push behind the
 * queue's back never overwritten, and a repeated request that commits nothing.
 */
@QuarkusTest
class ArchiveQueueApiTest extends MergeApiTestBase {

    private static final String MERGE_COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Inject
    Checkpoints checkpoints;

    @Inject
    QueueDispatcher dispatcher;

    @AfterEach
    void noHooks() {
        checkpoints.reset();
        dispatcher.resume();
        specs.setDown(false);
    }

    /** A completed spec whose branch merge-service merged (RecordMerge was called). */
    private Spec merged(String id) {
        specs.completed(project, id, "chant/" + id);
        return specs.change(project, id, b -> b.setMergeCommit(MERGE_COMMIT).setMergedInto("main"));
    }

    private SubmitArchiveRequest.Builder archive(String... ids) {
        return SubmitArchiveRequest.newBuilder().setProject(project).addAllSpecIds(List.of(ids));
    }

    private MergeRequest awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> get(id).getStatus().getNumber()
                >= MergeStatus.MERGE_STATUS_DONE.getNumber());
        return get(id);
    }

    private static List<MergeOutcome> outcomes(MergeRequest m) {
        return m.getItemsList().stream().map(MergeItem::getOutcome).toList();
    }

    /** The archive commits on the remote's main, newest first. */
    private List<String> archiveCommits() {
        return remote.inRemote("log", "--format=%H %s", "main").lines().filter(l -> l.contains(" chant: archive "))
                .map(l -> l.substring(0, 40)).toList();
    }

    private List<ArchiveSpecsRequest> archivedInSpecService() {
        return specs.archives().stream().filter(a -> a.getProject().equals(project)).toList();
    }

    /** The database's day (UTC), as the queue dates its commits. */
    private String databaseDay() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CAST((statement_timestamp() AT TIME ZONE 'UTC') AS date)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theSpecsGoToTheTargetInOneCommitAndAreArchivedAfterwardsAndRefusalsAreNamed() throws Exception {
        Spec k1 = merged("k1");
        Spec k2 = merged("k2");
        specs.completed(project, "k3", "chant/k3");
        specs.put(Spec.newBuilder().setProject(project).setId("d").setTitle("Driver")
                .setStatus(SpecStatus.SPEC_STATUS_COMPLETED).setVersion(1).build());
        specs.put(Spec.newBuilder().setProject(project).setId("d.1").setTitle("Member")
                .setStatus(SpecStatus.SPEC_STATUS_COMPLETED).setVersion(1).build());
        String before = remote.branch("main");
        String dayBefore = databaseDay();

        MergeRequest submitted = merges.submitArchive(archive("k2", "k1", "k3", "d").build()).getMerge();
        MergeRequest m = awaitEnd(submitted.getId());

        assertEquals(MergeRequestKind.MERGE_REQUEST_KIND_ARCHIVE, m.getKind());
        assertEquals(MergeStatus.MERGE_STATUS_DONE, m.getStatus(), "a refused spec does not stop the others");
        assertEquals(List.of("d", "k1", "k2", "k3"), m.getItemsList().stream().map(MergeItem::getSpecId).toList());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_REFUSED, MergeOutcome.MERGE_OUTCOME_ARCHIVED,
                MergeOutcome.MERGE_OUTCOME_ARCHIVED, MergeOutcome.MERGE_OUTCOME_REFUSED), outcomes(m));
        assertEquals("spec d is a driver whose members d.1 are not archived: archive them with it",
                m.getItems(0).getReason());
        assertEquals("spec k3's branch chant/k3 is not merged: merge it first (chant merge k3)",
                m.getItems(3).getReason());

        String folder = m.getArchiveFolder();
        assertTrue(List.of(dayBefore, databaseDay()).contains(folder), "the database's day: " + folder);
        String commit = remote.branch("main");
        assertEquals(List.of(commit), archiveCommits(), "one commit");
        assertEquals(before, remote.inRemote("rev-parse", commit + "^"), "on the target as it was");
        assertEquals("chant: archive 2 specs (" + folder + ")\n\n- k1\n- k2", remote.inRemote("log", "-1",
                "--format=%B", commit));
        assertEquals(".chant/archive/" + folder + "/k1.md\n.chant/archive/" + folder + "/k2.md",
                remote.inRemote("diff", "--name-only", before, commit));
        assertEquals(ScriptedSpecService.markdown(k1).strip(),
                remote.inRemote("show", commit + ":.chant/archive/" + folder + "/k1.md"));
        assertEquals(ScriptedSpecService.markdown(k2).strip(),
                remote.inRemote("show", commit + ":.chant/archive/" + folder + "/k2.md"));
        for (MergeItem item : m.getItemsList().subList(1, 3)) {
            assertEquals(commit, item.getMergeCommit());
            assertEquals(before, item.getTargetBefore());
            assertEquals(commit, item.getTargetAfter());
            assertEquals("committed to .chant/archive/" + folder + "/" + item.getSpecId() + ".md on main",
                    item.getReason());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> archivedInSpecService().size() == 2);
        assertEquals(List.of("k1", "k2"), archivedInSpecService().stream().map(a -> a.getIds(0)).toList());
        assertTrue(archivedInSpecService().stream().allMatch(a -> a.getFolder().equals(folder)));
        assertTrue(specs.spec(project, "k1").getArchived());
        assertTrue(!specs.spec(project, "k3").getArchived());
        // spec-service heard of every step (RenderSpecFiles, ArchiveSpecs, ...) from merge-service, for alice.
        List<chant.merge.testing.ServiceCalls.Call> calls = specs.calls(project);
        assertTrue(calls.stream().anyMatch(c -> c.rpc().equals("ArchiveSpecs")), calls.toString());
        assertTrue(calls.stream().allMatch(c -> c.principal().subject().equals("merge-service")
                && c.onBehalfOf().equals(java.util.Optional.of("alice"))), calls.toString());
    }

    @Test
    void aRepeatedRequestCommitsNothingAgainEvenBeforeSpecServiceHasArchivedTheSpecs() {
        merged("r1");
        merged("r2");
        MergeRequest first = awaitEnd(merges.submitArchive(archive("r1", "r2").build()).getMerge().getId());
        await().atMost(Duration.ofSeconds(30)).until(() -> archivedInSpecService().size() == 2);
        String commit = remote.branch("main");

        MergeRequest again = awaitEnd(merges.submitArchive(archive("r1", "r2").build()).getMerge().getId());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ALREADY_ARCHIVED, MergeOutcome.MERGE_OUTCOME_ALREADY_ARCHIVED),
                outcomes(again), "archived in spec-service already");

        // spec-service has not archived r2 (its ArchiveSpecs still pending, say): the file on main tells.
        specs.change(project, "r2", b -> b.setArchived(false).setArchiveFolder(""));
        MergeRequest third = awaitEnd(merges.submitArchive(archive("r2").build()).getMerge().getId());
        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ALREADY_ARCHIVED), outcomes(third));
        assertEquals(".chant/archive/" + first.getArchiveFolder() + "/r2.md is on main already: not committed again",
                third.getItems(0).getReason());

        assertEquals(commit, remote.branch("main"), "no second commit");
        assertEquals(List.of(commit), archiveCommits());
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.spec(project, "r2").getArchived());
        assertEquals(first.getArchiveFolder(), specs.spec(project, "r2").getArchiveFolder());
    }

    @Test
    void aWorkerThatDiedAfterTheIntentButBeforeThePushCommitsOnce() {
        merged("c1");
        checkpoints.afterIntent(QueueCrashTest.dieOnce());

        MergeRequest m = awaitEnd(merges.submitArchive(archive("c1").build()).getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ARCHIVED), outcomes(m));
        assertEquals(List.of(remote.branch("main")), archiveCommits(), "exactly one archive commit");
        assertEquals(m.getItems(0).getMergeCommit(), remote.branch("main"));
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.spec(project, "c1").getArchived());
    }

    @Test
    void aCommitThatReachedTheRemoteBeforeTheWorkerDiedIsRecordedAsArchived() {
        merged("c2");
        merged("c3");
        checkpoints.afterPush(QueueCrashTest.dieOnce());

        MergeRequest m = awaitEnd(merges.submitArchive(archive("c2", "c3").build()).getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ARCHIVED, MergeOutcome.MERGE_OUTCOME_ARCHIVED), outcomes(m));
        assertEquals(List.of(remote.branch("main")), archiveCommits(), "not committed a second time");
        assertEquals(remote.branch("main"), m.getItems(0).getMergeCommit(), "the pushed commit is the one recorded");
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.spec(project, "c2").getArchived()
                && specs.spec(project, "c3").getArchived());
    }

    @Test
    void aPushBehindTheQueuesBackIsNeverOverwritten() {
        merged("c4");
        String[] theirs = pushToMainAfterTheFirstIntent(checkpoints);

        MergeRequest m = awaitEnd(merges.submitArchive(archive("c4").build()).getMerge().getId());

        MergeItem item = m.getItems(0);
        assertEquals(MergeOutcome.MERGE_OUTCOME_ARCHIVED, item.getOutcome());
        assertEquals(theirs[0], item.getTargetBefore(), "made again on the target as pushed meanwhile");
        assertEquals(theirs[0], remote.inRemote("rev-parse", "main^"), "the other push is still on main");
        assertEquals(List.of(remote.branch("main")), archiveCommits());
    }

    @Test
    void specsAreArchivedInSpecServiceOnceItIsBackWhenItWasAwayAfterThePush() {
        merged("s1");
        checkpoints.afterPush((mergeId, specId) -> specs.setDown(true));

        MergeRequest m = awaitEnd(merges.submitArchive(archive("s1").build()).getMerge().getId());

        assertEquals(List.of(MergeOutcome.MERGE_OUTCOME_ARCHIVED), outcomes(m), "the commit is recorded");
        assertEquals(List.of(), archivedInSpecService(), "spec-service was away");
        specs.setDown(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> specs.spec(project, "s1").getArchived());
        assertEquals(m.getArchiveFolder(), specs.spec(project, "s1").getArchiveFolder());
        assertEquals(List.of(remote.branch("main")), archiveCommits());
    }

    @Test
    void badSubmissionsAreNamedAndStoreNothing() {
        merged("b1");
        assertEquals("spec_ids is empty: name at least one spec to archive", GrpcAssertions.assertStatus(
                Status.Code.INVALID_ARGUMENT, () -> merges.submitArchive(archive().build())));
        GrpcAssertions.assertStatus(Status.Code.NOT_FOUND, () -> merges.submitArchive(archive("b1", "nope").build()));
        specs.setDown(true);
        GrpcAssertions.assertStatus(Status.Code.UNAVAILABLE, () -> merges.submitArchive(archive("b1").build()));
        specs.setDown(false);
        MergeRequest once = merges.submitArchive(archive("b1").setRequestId("archive-b1").build()).getMerge();
        assertEquals(once.getId(), merges.submitArchive(archive("b1").setRequestId("archive-b1").build()).getMerge()
                .getId(), "a retry with the same request_id is the first request");
        awaitEnd(once.getId());
    }
}
