package chant.spec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.v1.ArchiveFilter;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.EventKind;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.RecordMergeRequest;
import chant.v1.Spec;
import chant.v1.SpecEvent;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RecordMerge (merge-service tells where a branch went) and ArchiveSpecs. */
@QuarkusTest
class MergeAndArchiveApiTest extends ApiTestBase {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** A completed spec with work on a branch, as a run leaves it. */
    private Spec completedWithBranch(String project, String title) {
        Spec spec = create(project, title);
        specs.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setBranch("chant/" + spec.getId())
                .setCommits(chant.v1.StringList.newBuilder().addValues("abc1234")).build());
        finish(project, spec.getId());
        return get(project, spec.getId());
    }

    private Spec record(String project, String id, String commit) {
        return mergeService().recordMerge(RecordMergeRequest.newBuilder().setProject(project).setId(id).setMergeCommit(commit)
                .setInto("main").build()).getSpec();
    }

    /** RecordMerge is merge-service's alone. */
    private chant.v1.SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub mergeService() {
        return chant.support.testing.GrpcAssertions.withToken(lifecycle,
                chant.support.testing.TestTokens.shared().service("merge-service"));
    }

    private List<Spec> archive(String project, boolean force, String... ids) {
        return lifecycle.archiveSpecs(ArchiveSpecsRequest.newBuilder().setProject(project).addAllIds(List.of(ids))
                .setForce(force).setFolder("2026-12-04").build()).getSpecsList();
    }

    @Test
    void aMergeIsRecordedOnceAsAnEventAndRecordingItAgainChangesNothing() {
        String project = newProject();
        Spec spec = completedWithBranch(project, "Fix the lost write");

        Spec merged = lifecycle.withCallCredentials(chant.client.auth.BearerCredentials.of(
                chant.support.testing.TestTokens.shared().service("merge-service")).onBehalfOf("merge-bot")).recordMerge(RecordMergeRequest.newBuilder().setProject(project)
                .setId(spec.getId()).setMergeCommit(COMMIT).setInto("main").build()).getSpec();
        Spec again = record(project, spec.getId(), COMMIT);

        assertEquals(COMMIT, merged.getMergeCommit());
        assertEquals("main", merged.getMergedInto());
        assertTrue(merged.hasMergeTime());
        assertEquals(merged.getVersion(), again.getVersion(), "a repeated record changes nothing");
        List<SpecEvent> events = this.events.listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project)
                .setSpecId(spec.getId()).build()).getEventsList().stream()
                .filter(e -> e.getKind() == EventKind.EVENT_KIND_MERGED).toList();
        assertEquals(1, events.size());
        assertEquals("merge-bot", events.get(0).getActor());
        assertEquals("merge_commit: " + COMMIT + "\nmerged_into: main", events.get(0).getNewValue());
    }

    @Test
    void aMergeOfASpecThatIsNotCompletedOrMergedOtherwiseIsRefused() {
        String project = newProject();
        Spec pending = create(project, "Not done");
        Spec done = completedWithBranch(project, "Done");
        record(project, done.getId(), COMMIT);

        assertEquals("spec " + pending.getId() + " is pending, not completed: only a completed spec's branch is merged",
                assertStatus(Status.Code.FAILED_PRECONDITION, () -> record(project, pending.getId(), COMMIT)));
        assertEquals("spec " + done.getId() + " was merged already, with commit " + COMMIT + " into main",
                assertStatus(Status.Code.FAILED_PRECONDITION,
                        () -> record(project, done.getId(), "f".repeat(40))));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> record(project, done.getId(), "abc123"))
                .startsWith("merge_commit 'abc123' is not a commit ID"));
        assertTrue(assertStatus(Status.Code.INVALID_ARGUMENT, () -> mergeService().recordMerge(RecordMergeRequest.newBuilder()
                .setProject(project).setId(done.getId()).setMergeCommit(COMMIT).setInto("-main").build()))
                .startsWith("into '-main' is not a branch name"));
        assertEquals("", get(project, pending.getId()).getMergeCommit());
    }

    @Test
    void mergedAndBranchlessCompletedSpecsAreArchivedIntoTheFolderAndLeaveTheActiveSet() {
        String project = newProject();
        Spec merged = completedWithBranch(project, "Merged work");
        record(project, merged.getId(), COMMIT);
        Spec research = create(project, "Research without a branch");
        finish(project, research.getId());

        List<Spec> archived = asUser(lifecycle, "alice").archiveSpecs(ArchiveSpecsRequest.newBuilder()
                .setProject(project).addIds(merged.getId()).addIds(research.getId()).setFolder("2026-12-04").build())
                .getSpecsList();

        assertEquals(2, archived.size());
        assertTrue(archived.stream().allMatch(s -> s.getArchived() && s.getArchiveFolder().equals("2026-12-04")));
        assertEquals(List.of(), specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getSpecsList()
                .stream().map(Spec::getId).toList(), "no longer in the active list");
        assertEquals(2, specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                .setArchived(ArchiveFilter.ARCHIVE_FILTER_ARCHIVED).build()).getSpecsCount());
        assertTrue(get(project, merged.getId()).getArchived(), "still showable by full ID");
        assertEquals("alice", this.events.listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project)
                .setSpecId(merged.getId()).build()).getEventsList().stream()
                .filter(e -> e.getKind() == EventKind.EVENT_KIND_ARCHIVED).findFirst().orElseThrow().getActor());
        assertEquals(2, archive(project, false, merged.getId(), research.getId()).size(), "archiving again is harmless");
    }

    @Test
    void oneRefusedSpecArchivesNothingAndEachRefusalIsNamed() {
        String project = newProject();
        Spec unmerged = completedWithBranch(project, "Unmerged");
        Spec pending = create(project, "Still pending");
        Spec cancelled = create(project, "Dropped");
        lifecycle.cancelSpec(chant.v1.CancelSpecRequest.newBuilder().setProject(project).setId(cancelled.getId()).build());
        Spec fine = create(project, "Done, no branch");
        finish(project, fine.getId());

        String message = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> archive(project, false, unmerged.getId(), pending.getId(), cancelled.getId(), fine.getId()));

        assertTrue(message.startsWith("nothing was archived: "), message);
        assertTrue(message.contains(unmerged.getId() + "'s branch chant/" + unmerged.getId() + " is not merged: merge it "
                + "first (chant merge " + unmerged.getId() + ")"), message);
        assertTrue(message.contains(pending.getId() + " is pending, not completed"), message);
        assertTrue(message.contains(cancelled.getId() + " is cancelled: archive cancelled specs with force (--force)"),
                message);
        assertFalse(get(project, fine.getId()).getArchived(), "all or nothing");
        assertEquals(1, archive(project, true, cancelled.getId()).size(), "with force a cancelled spec is archived");
    }

    @Test
    void aDriverGoesWithOrAfterItsMembersAndMembersComeFirst() {
        String project = newProject();
        Spec driver = create(project, "Driver", r -> r.setType(SpecType.SPEC_TYPE_DRIVER));
        Spec first = create(project, "First", r -> r.setDriver(driver.getId()));
        Spec second = create(project, "Second", r -> r.setDriver(driver.getId()));
        finish(project, first.getId());
        finish(project, second.getId());
        assertEquals(SpecStatus.SPEC_STATUS_COMPLETED, get(project, driver.getId()).getStatus());

        String alone = assertStatus(Status.Code.FAILED_PRECONDITION, () -> archive(project, false, driver.getId()));
        List<Spec> together = archive(project, false, driver.getId(), first.getId(), second.getId());

        assertTrue(alone.contains(driver.getId() + " is a driver whose members " + first.getId() + ", " + second.getId()
                + " are not archived: archive them with it"), alone);
        assertEquals(List.of(first.getId(), second.getId(), driver.getId()), together.stream().map(Spec::getId).toList());
    }

    @Test
    void aDryRunSaysWhatWouldBeArchivedAndChangesNothingAndBadInputIsNamed() {
        String project = newProject();
        Spec done = create(project, "Done");
        finish(project, done.getId());

        List<Spec> wouldBe = lifecycle.archiveSpecs(ArchiveSpecsRequest.newBuilder().setProject(project)
                .addIds(done.getId()).setDryRun(true).build()).getSpecsList();

        assertEquals(List.of(done.getId()), wouldBe.stream().map(Spec::getId).toList());
        assertFalse(get(project, done.getId()).getArchived());
        assertEquals("ids is empty: name at least one spec to archive", assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> lifecycle.archiveSpecs(ArchiveSpecsRequest.newBuilder().setProject(project).build())));
        assertEquals("folder '04.12.2026' is not a date: use YYYY-MM-DD, or leave it empty for today's",
                assertStatus(Status.Code.INVALID_ARGUMENT, () -> lifecycle.archiveSpecs(ArchiveSpecsRequest.newBuilder()
                        .setProject(project).addIds(done.getId()).setFolder("04.12.2026").build())));
        assertStatus(Status.Code.NOT_FOUND, () -> archive(project, false, "2026-01-01-001-zzz"));
    }

    @Test
    void renderedSpecFilesAreTheExportedMarkdownAtTheirArchivePathsAndChangeNothing() {
        String project = newProject();
        Spec done = completedWithBranch(project, "Archive me");
        record(project, done.getId(), COMMIT);
        Spec other = create(project, "Still open");
        java.util.Map<String, String> exported = new java.util.LinkedHashMap<>();
        specs.exportSpecs(chant.v1.ExportSpecsRequest.newBuilder().setProject(project).build())
                .forEachRemaining(f -> exported.put(f.getPath(), f.getContent().toStringUtf8()));

        List<chant.v1.SpecFile> files = specs.renderSpecFiles(chant.v1.RenderSpecFilesRequest.newBuilder()
                .setProject(project).addIds(other.getId()).addIds(done.getId()).addIds(done.getId())
                .setArchiveFolder("2026-12-04").build()).getFilesList();
        List<chant.v1.SpecFile> asTheyAre = specs.renderSpecFiles(chant.v1.RenderSpecFilesRequest.newBuilder()
                .setProject(project).addIds(done.getId()).build()).getFilesList();

        assertEquals(List.of(other.getId(), done.getId()), files.stream().map(chant.v1.SpecFile::getSpecId).toList(),
                "each spec once, in the order named");
        assertEquals("archive/2026-12-04/" + done.getId() + ".md", files.get(1).getPath());
        assertEquals(exported.get("specs/" + done.getId() + ".md"), files.get(1).getContent().toStringUtf8(),
                "the same bytes ExportSpecs writes");
        assertEquals("specs/" + done.getId() + ".md", asTheyAre.get(0).getPath());
        assertFalse(get(project, done.getId()).getArchived(), "rendering changes nothing");
        assertEquals("archive_folder 'today' is not a date: use YYYY-MM-DD, or leave it empty for the specs' paths as"
                + " they are", assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.renderSpecFiles(
                        chant.v1.RenderSpecFilesRequest.newBuilder().setProject(project).addIds(done.getId())
                                .setArchiveFolder("today").build())));
        assertEquals("ids is empty: name at least one spec to render", assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> specs.renderSpecFiles(chant.v1.RenderSpecFilesRequest.newBuilder().setProject(project).build())));
        assertStatus(Status.Code.NOT_FOUND, () -> specs.renderSpecFiles(chant.v1.RenderSpecFilesRequest.newBuilder()
                .setProject(project).addIds("2026-01-01-001-zzz").build()));
    }
}
