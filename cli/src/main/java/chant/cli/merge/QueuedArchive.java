package chant.cli.merge;

import chant.cli.Timing;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.cli.rpc.Connection;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.Project;
import chant.v1.Spec;
import chant.v1.SubmitArchiveRequest;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code chant archive} for a project that archives in its repository ({@code archive_in_repository}):
 * the specs go to merge-service's queue (SubmitArchive), which commits their markdown to
 * {@code .chant/archive/<date>/<id>.md} on the default branch in one commit and then archives them;
 * the command follows the request and prints each spec as archived, already archived or refused
 * with the reason, and the commit. A dry run asks spec-service what would be archived and prints
 * where each file would be committed; nothing changes.
 */
public final class QueuedArchive {

    private final Connection connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Timing timing;

    public QueuedArchive(Connection connection, PrintWriter out, PrintWriter err, Timing timing) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.timing = timing;
    }

    /** Archives {@code ids} (members included by the caller) of {@code project}; the exit code. */
    public int run(Project project, List<String> ids, boolean force, boolean dryRun) throws InterruptedException {
        if (dryRun) {
            return dryRun(project, ids, force);
        }
        SubmitArchiveRequest request = SubmitArchiveRequest.newBuilder().setProject(project.getName())
                .addAllSpecIds(ids).setForce(force).setRequestId(UUID.randomUUID().toString()).build();
        MergeFollower follower = new MergeFollower(connection, err, timing);
        MergeRequest archive = follower.submit(() -> connection.merges().submitArchive(request).getMerge(),
                () -> connection.merges().withWaitForReady().submitArchive(request).getMerge());
        out.println("archive request " + archive.getId() + ": " + archive.getItemsCount() + " spec"
                + (archive.getItemsCount() == 1 ? "" : "s") + " into " + archive.getTargetBranch()
                + " (merge-service queue)");
        Map<String, MergeOutcome> shown = new HashMap<>();
        print(archive, shown);
        MergeRequest ended = MergeFollower.ended(archive) ? archive
                : follower.follow(archive.getId(), m -> print(m, shown));
        return summary(ended);
    }

    private int dryRun(Project project, List<String> ids, boolean force) {
        List<Spec> specs = connection.lifecycle().archiveSpecs(ArchiveSpecsRequest.newBuilder()
                .setProject(project.getName()).addAllIds(ids).setForce(force).setDryRun(true).build()).getSpecsList();
        String day = LocalDate.ofInstant(timing.now(), ZoneOffset.UTC).toString();
        String branch = project.getDefaultBranch().isEmpty() ? "main" : project.getDefaultBranch();
        out.println("would commit to " + branch + " of " + project.getRepoUrl() + " in one commit (the date is the day"
                + " the queue makes it, UTC):");
        int archivable = 0;
        for (Spec spec : specs) {
            if (spec.getArchived()) {
                out.println("  already archived  " + spec.getId() + "  (archive/" + spec.getArchiveFolder() + "/)");
            } else {
                archivable++;
                out.println("  would archive     " + spec.getId() + "  .chant/archive/" + day + "/" + spec.getId()
                        + ".md");
            }
        }
        out.println("would archive " + archivable + " of " + specs.size() + " spec" + (specs.size() == 1 ? "" : "s")
                + "; nothing changed");
        out.flush();
        return ExitCodes.OK;
    }

    /** Prints the specs whose outcome is known now and was not printed yet. */
    private void print(MergeRequest archive, Map<String, MergeOutcome> shown) {
        for (MergeItem item : archive.getItemsList()) {
            if (item.getOutcome() == MergeOutcome.MERGE_OUTCOME_PENDING
                    || item.getOutcome() == shown.get(item.getSpecId())) {
                continue;
            }
            shown.put(item.getSpecId(), item.getOutcome());
            out.println("  " + line(item));
        }
        out.flush();
    }

    static String line(MergeItem item) {
        String what = item.getOutcome().name().substring("MERGE_OUTCOME_".length()).toLowerCase().replace('_', ' ');
        String detail = item.getOutcome() == MergeOutcome.MERGE_OUTCOME_ARCHIVED
                ? item.getReason().replaceFirst("^committed to ", "") + " (" + shortCommit(item.getMergeCommit()) + ")"
                : StatusMessages.oneLine(item.getReason());
        return String.format("%-17s %s  %s", what, item.getSpecId(), detail).stripTrailing();
    }

    private int summary(MergeRequest archive) {
        List<MergeItem> items = archive.getItemsList();
        long archived = items.stream().filter(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_ARCHIVED).count();
        long fine = archived + items.stream()
                .filter(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_ALREADY_ARCHIVED).count();
        String commit = items.stream().filter(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_ARCHIVED)
                .map(MergeItem::getMergeCommit).findFirst().orElse("");
        out.println("archived " + archived + " of " + items.size() + " spec" + (items.size() == 1 ? "" : "s")
                + (commit.isEmpty() ? "; nothing committed" : " in commit " + shortCommit(commit) + " on "
                + archive.getTargetBranch() + " (.chant/archive/" + archive.getArchiveFolder() + "/)"));
        out.flush();
        return fine == items.size() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
