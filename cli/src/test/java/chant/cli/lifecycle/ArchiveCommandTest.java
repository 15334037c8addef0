package chant.cli.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.FakeTiming;
import chant.cli.testing.InProcessCliTest;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.ArchiveSpecsResponse;
import chant.v1.GetProjectResponse;
import chant.v1.GetSpecResponse;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeRequestKind;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.SubmitArchiveRequest;
import chant.v1.SubmitArchiveResponse;
import chant.v1.WatchMergeResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveCommandTest extends InProcessCliTest {

    private static final String DRIVER = "2026-11-01-001-drv";

    private static Spec spec(String id, String title, String completedAt) {
        return Spec.newBuilder().setId(id).setProject(PROJECT).setTitle(title).setStatus(SpecStatus.SPEC_STATUS_COMPLETED)
                .setCompletedAt(completedAt).build();
    }

    private static ArchiveSpecsResponse archived(String folder, Spec... specs) {
        ArchiveSpecsResponse.Builder b = ArchiveSpecsResponse.newBuilder();
        for (Spec s : specs) {
            b.addSpecs(s.toBuilder().setArchived(!folder.isEmpty()).setArchiveFolder(folder));
        }
        return b.build();
    }

    /** A project that only marks archived specs (archive_in_repository off). */
    private void plainProject() {
        server.reply(ProjectServiceGrpc.getGetProjectMethod(), GetProjectResponse.newBuilder()
                .setProject(Project.newBuilder().setName(PROJECT).setDefaultBranch("main")).build());
    }

    private void archivingProject() {
        server.reply(ProjectServiceGrpc.getGetProjectMethod(), GetProjectResponse.newBuilder()
                .setProject(Project.newBuilder().setName(PROJECT).setDefaultBranch("main")
                        .setRepoUrl("https://git.example/kv.git").setArchiveInRepository(true)).build());
    }

    private static MergeItem item(String spec, MergeOutcome outcome, String reason, String commit) {
        return MergeItem.newBuilder().setSpecId(spec).setOutcome(outcome).setReason(reason).setMergeCommit(commit)
                .build();
    }

    private static MergeRequest.Builder queued(MergeStatus status, MergeItem... items) {
        return MergeRequest.newBuilder().setId(9).setProject(PROJECT).setTargetBranch("main")
                .setKind(MergeRequestKind.MERGE_REQUEST_KIND_ARCHIVE).setStatus(status).addAllItems(List.of(items));
    }

    @Test
    void aProjectThatArchivesInItsRepositoryGoesThroughTheQueueAndEachSpecIsSaid() {
        String a = "2026-12-01-001-aaa";
        String b = "2026-12-01-002-bbb";
        String commit = "0123456789abcdef0123456789abcdef01234567";
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(spec(a, "A", "")).build(),
                GetSpecResponse.newBuilder().setSpec(spec(b, "B", "")).build());
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance(),
                ListSpecsResponse.getDefaultInstance());
        archivingProject();
        MergeItem pendingA = item(a, MergeOutcome.MERGE_OUTCOME_PENDING, "", "");
        MergeItem refusedB = item(b, MergeOutcome.MERGE_OUTCOME_REFUSED, "spec " + b + "'s branch chant/" + b
                + " is not merged: merge it first (chant merge " + b + ")", "");
        server.reply(MergeServiceGrpc.getSubmitArchiveMethod(), SubmitArchiveResponse.newBuilder()
                .setMerge(queued(MergeStatus.MERGE_STATUS_QUEUED, pendingA, refusedB)).build());
        server.reply(MergeServiceGrpc.getWatchMergeMethod(), List.of(
                WatchMergeResponse.newBuilder().setMerge(queued(MergeStatus.MERGE_STATUS_QUEUED, pendingA, refusedB))
                        .build(),
                WatchMergeResponse.newBuilder().setMerge(queued(MergeStatus.MERGE_STATUS_DONE,
                        item(a, MergeOutcome.MERGE_OUTCOME_ARCHIVED, "committed to .chant/archive/2026-12-04/" + a
                                + ".md on main", commit), refusedB).setArchiveFolder("2026-12-04")).build()));

        Result result = run("archive", "aaa", "bbb", "--force");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of("archive request 9: 2 specs into main (merge-service queue)",
                "  refused           " + b + "  spec " + b + "'s branch chant/" + b + " is not merged: merge it first"
                        + " (chant merge " + b + ")",
                "  archived          " + a + "  .chant/archive/2026-12-04/" + a + ".md on main (0123456789ab)",
                "archived 1 of 2 specs in commit 0123456789ab on main (.chant/archive/2026-12-04/)"), result.outLines());
        SubmitArchiveRequest sent = server.requests(MergeServiceGrpc.getSubmitArchiveMethod()).get(0);
        assertEquals(List.of("aaa", "bbb"), sent.getSpecIdsList());
        assertEquals(true, sent.getForce());
        assertEquals(PROJECT, sent.getProject());
        assertEquals(List.of(), server.requests(SpecLifecycleServiceGrpc.getArchiveSpecsMethod()),
                "spec-service is not asked to archive: the queue does it after the commit");
    }

    @Test
    void aDryRunOfAProjectThatArchivesInItsRepositorySaysWhereEachFileWouldGoAndChangesNothing() {
        Spec done = spec("2026-12-01-001-aaa", "A", "");
        Spec already = spec("2026-11-01-001-old", "Old", "");
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(done).build(),
                GetSpecResponse.newBuilder().setSpec(already).build());
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance(),
                ListSpecsResponse.getDefaultInstance());
        archivingProject();
        server.reply(SpecLifecycleServiceGrpc.getArchiveSpecsMethod(), ArchiveSpecsResponse.newBuilder().addSpecs(done)
                .addSpecs(already.toBuilder().setArchived(true).setArchiveFolder("2026-11-20")).build());

        Result result = run("archive", "aaa", "old", "--dry-run");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("would commit to main of https://git.example/kv.git in one commit (the date is the day the"
                        + " queue makes it, UTC):",
                "  would archive     2026-12-01-001-aaa  .chant/archive/2026-12-04/2026-12-01-001-aaa.md",
                "  already archived  2026-11-01-001-old  (archive/2026-11-20/)",
                "would archive 1 of 2 specs; nothing changed"), result.outLines());
        assertEquals(true, server.requests(SpecLifecycleServiceGrpc.getArchiveSpecsMethod()).get(0).getDryRun());
        assertEquals(List.of(), server.requests(MergeServiceGrpc.getSubmitArchiveMethod()));
    }

    @Test
    void namedSpecsAreArchivedWithTheMembersOfADriver() {
        Spec member = spec(DRIVER + ".1", "Part one", "");
        Spec driver = spec(DRIVER, "Storage layer", "");
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(driver).build());
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.newBuilder().addSpecs(member).build());
        plainProject();
        server.reply(SpecLifecycleServiceGrpc.getArchiveSpecsMethod(), archived("2026-12-04", member, driver));

        Result result = run("archive", "drv");

        assertEquals(0, result.exitCode(), result.toString());
        ArchiveSpecsRequest request = server.requests(SpecLifecycleServiceGrpc.getArchiveSpecsMethod()).get(0);
        assertEquals(List.of("drv", DRIVER + ".1"), request.getIdsList());
        assertEquals(List.of("Archived: " + DRIVER + ".1  Part one  (archive/2026-12-04/)",
                "Archived: " + DRIVER + "  Storage layer  (archive/2026-12-04/)"), result.outLines());
    }

    @Test
    void olderThanAndLabelChooseCompletedSpecsByTheirCompletionTime() {
        Instant now = FakeTiming.START;
        Spec old = spec("2026-10-01-001-old", "Old", now.minus(Duration.ofDays(40)).toString());
        Spec recent = spec("2026-11-30-001-new", "Recent", now.minus(Duration.ofDays(3)).toString());
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.newBuilder().addSpecs(old).addSpecs(recent)
                .build(), ListSpecsResponse.getDefaultInstance());
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(old).build());
        plainProject();
        server.reply(SpecLifecycleServiceGrpc.getArchiveSpecsMethod(), archived("", old));

        Result result = run("archive", "--label", "issue-1234", "--older-than", "30d", "--dry-run");

        assertEquals(0, result.exitCode(), result.toString());
        ListSpecsRequest listed = server.requests(SpecServiceGrpc.getListSpecsMethod()).get(0);
        assertEquals(List.of("issue-1234"), listed.getLabelsList());
        assertEquals(List.of(SpecStatus.SPEC_STATUS_COMPLETED), listed.getStatusesList());
        ArchiveSpecsRequest request = server.requests(SpecLifecycleServiceGrpc.getArchiveSpecsMethod()).get(0);
        assertEquals(List.of(old.getId()), request.getIdsList());
        assertEquals(true, request.getDryRun());
        assertEquals(List.of("Would archive: " + old.getId() + "  Old"), result.outLines());
    }

    @Test
    void forceAlsoChoosesCancelledSpecsAndNothingToArchiveIsSaid() {
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance());

        Result result = run("archive", "--label", "issue-1234", "--force");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(SpecStatus.SPEC_STATUS_COMPLETED, SpecStatus.SPEC_STATUS_CANCELLED),
                server.requests(SpecServiceGrpc.getListSpecsMethod()).get(0).getStatusesList());
        assertEquals(List.of("no completed or cancelled spec labelled issue-1234 to archive"), result.outLines());
        assertEquals(List.of(), server.requests(SpecLifecycleServiceGrpc.getArchiveSpecsMethod()));
    }

    @Test
    void aRefusalIsOneLineAndExits5() {
        Spec unmerged = spec("2026-12-01-001-abc", "Unmerged", "");
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(unmerged).build());
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance());
        plainProject();
        server.reply(SpecLifecycleServiceGrpc.getArchiveSpecsMethod(), Status.FAILED_PRECONDITION.withDescription(
                "nothing was archived: 2026-12-01-001-abc's branch chant/2026-12-01-001-abc is not merged: merge it first "
                        + "(chant merge 2026-12-01-001-abc)"));

        Result result = run("archive", "abc");

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals(List.of("chant: nothing was archived: 2026-12-01-001-abc's branch chant/2026-12-01-001-abc is not "
                + "merged: merge it first (chant merge 2026-12-01-001-abc)"), result.errLines());
    }

    @Test
    void wrongUsageIsSaidBeforeAnyCall() {
        Result nothing = run("archive");
        Result both = run("archive", "abc", "--label", "x");
        Result badAge = run("archive", "--older-than", "a month");

        assertEquals(2, nothing.exitCode());
        assertEquals(List.of("chant: name the specs to archive, or choose them with --label LABEL and/or --older-than AGE"),
                nothing.errLines());
        assertEquals(List.of("chant: name specs or choose them with --label/--older-than, not both"), both.errLines());
        assertEquals(List.of("chant: --older-than 'a month' is not an age: use a number of days, hours or weeks, e.g. "
                + "30d, 12h, 2w"), badAge.errLines());
        assertEquals(List.of(), calls);
    }
}
