package chant.bench;

import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.Project;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.SubmitMergeRequest;
import chant.v1.TransitionSpecRequest;
import chant.v1.UpdateSpecRequest;
import chant.v1.WatchMergeRequest;
import chant.v1.WatchMergeResponse;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The merges phase (issue 8): N independent completed specs merged into main through
 * merge-service's queue (one request, strategy merge: a merge commit per spec, each pushed), next to
 * a loop of plain {@code git merge --no-ff} + {@code git push} of the same commits on the same
 * remote in the same run; and the conflict check merge-service makes before anything moves
 * ({@code git merge-tree --write-tree}, per spec) next to a plain {@code git merge} in a worktree.
 */
final class MergeBench implements AutoCloseable {

    static final String WHOLE_FIGURE = "N merges: submitted → request done";
    static final String PER_MERGE_FIGURE = "per merge (one spec merged and pushed)";
    static final String CHECK_FIGURE = "conflict check per spec";

    private final Options options;
    private final GrpcClient specs;
    private final PrintStream progress;
    private final String project;
    private final ManagedChannel channel;
    private final MergeServiceGrpc.MergeServiceBlockingStub merges;
    private final Path dir;
    private final Path remote;
    private final Path clone;

    MergeBench(Options options, GrpcClient specs, String stamp, PrintStream progress) {
        this.options = options;
        this.specs = specs;
        this.progress = progress;
        this.project = "bench-merges-" + stamp;
        this.channel = Channels.plaintext(new ServiceAddress(options.mergeHost(), options.mergePort()));
        this.merges = MergeServiceGrpc.newBlockingStub(channel).withCallCredentials(specs.credentials());
        try {
            this.dir = Files.createTempDirectory("chant-bench-merges-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.remote = dir.resolve("remote.git");
        this.clone = dir.resolve("clone");
    }

    /** A spec and the commit of its work (on chant/ID for the platform, raw/N for the baseline). */
    private record Work(String specId, String rawBranch, String commit) {
    }

    String measure() {
        int n = options.merges();
        List<Work> work = setUp(n);

        progress.println("merges: " + n + " specs through merge-service (project " + project + ")");
        long submitted = System.nanoTime();
        MergeRequest merge = merges.withDeadlineAfter(GrpcClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .submitMerge(SubmitMergeRequest.newBuilder().setProject(project)
                        .addAllSpecIds(work.stream().map(Work::specId).toList())
                        .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE).build()).getMerge();
        MergeRequest done = follow(merge.getId(), n);
        long platformWhole = System.nanoTime() - submitted;
        for (MergeItem item : done.getItemsList()) {
            if (item.getOutcome() != MergeOutcome.MERGE_OUTCOME_MERGED) {
                throw new BenchException("merge request " + done.getId() + ": spec " + item.getSpecId() + " was "
                        + item.getOutcome() + ": " + item.getReason());
            }
        }
        List<Long> platformPerMerge = intervals(done);

        progress.println("merges: " + n + " plain git merge + git push of the same commits");
        Commands.run(Commands.git(clone, "checkout", "-q", "-B", "raw-main", "origin/raw-main"));
        List<Long> rawPerMerge = new ArrayList<>();
        List<Long> rawMergeOnly = new ArrayList<>();
        long rawStart = System.nanoTime();
        for (Work w : work) {
            long t0 = System.nanoTime();
            Commands.run(Commands.git(clone, "merge", "-q", "--no-ff", "-m", "Merge " + w.rawBranch(),
                    "origin/" + w.rawBranch()));
            long t1 = System.nanoTime();
            Commands.run(Commands.git(clone, "push", "-q", "origin", "raw-main"));
            long t2 = System.nanoTime();
            rawMergeOnly.add(t1 - t0);
            rawPerMerge.add(t2 - t0);
        }
        long rawWhole = System.nanoTime() - rawStart;

        progress.println("merges: the conflict check (git merge-tree --write-tree) of each spec");
        Path bare = dir.resolve("check.git");
        Commands.run(List.of("git", "clone", "-q", "--bare", remote.toString(), bare.toString()));
        String base = Commands.run(Commands.git(bare, "rev-parse", "raw-base"));
        List<Long> checks = new ArrayList<>();
        for (Work w : work) {
            long t0 = System.nanoTime();
            Commands.run(Commands.git(bare, "merge-tree", "--write-tree", base, w.commit()));
            checks.add(System.nanoTime() - t0);
        }

        double platformRate = n / (platformWhole / 1e9);
        double rawRate = n / (rawWhole / 1e9);
        RunTable table = new RunTable("merges: " + n + " independent completed specs into main, merge-service vs plain git",
                List.of("platform: one SubmitMerge of all N (strategy merge), followed by WatchMerge to its end; per merge:"
                        + " the time between consecutive specs' ends (fetch, merge-tree, commit-tree, intent, push by"
                        + " compare-and-swap, record; RecordMerge after it).",
                        "baseline: the same commits merged into a branch of the same remote by `git merge --no-ff` in a"
                        + " clone, each followed by `git push`.",
                        String.format(Locale.ROOT, "throughput: platform %.2f merges/s, baseline %.2f merges/s (ratio %s).",
                                platformRate, rawRate, Report.ratio(rawRate / platformRate)),
                        "conflict check: what merge-service runs per spec before anything moves (`git merge-tree"
                        + " --write-tree` in its bare repository) vs. the baseline's `git merge` in its worktree."));
        table.add(new RunTable.Row(WHOLE_FIGURE.replace("N", Integer.toString(n)), RunTable.Samples.of(List.of(platformWhole)),
                RunTable.Samples.of(List.of(rawWhole))));
        table.add(new RunTable.Row(PER_MERGE_FIGURE, RunTable.Samples.of(platformPerMerge), RunTable.Samples.of(rawPerMerge)));
        table.add(new RunTable.Row(CHECK_FIGURE, RunTable.Samples.of(checks), RunTable.Samples.of(rawMergeOnly)));
        return table.render();
    }

    /** Follows the request until it has ended, printing progress now and then. */
    private MergeRequest follow(long id, int n) {
        long deadlineSeconds = Math.max(600, n * 10L);
        Iterator<WatchMergeResponse> stream = merges.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                .watchMerge(WatchMergeRequest.newBuilder().setMergeId(id).build());
        MergeRequest last = null;
        long reported = 0;
        while (stream.hasNext()) {
            last = stream.next().getMerge();
            long ended = last.getItemsList().stream().filter(i -> i.getOutcome() != MergeOutcome.MERGE_OUTCOME_PENDING)
                    .count();
            if (ended - reported >= Math.max(1, n / 10)) {
                progress.println("merges: " + ended + " of " + n + " merged");
                reported = ended;
            }
        }
        if (last == null || (last.getStatus() != MergeStatus.MERGE_STATUS_DONE
                && last.getStatus() != MergeStatus.MERGE_STATUS_STOPPED)) {
            throw new BenchException("merge request " + id + " did not end");
        }
        return last;
    }

    /** The time between consecutive specs' ends (the first from the request's creation), by the service's clock. */
    static List<Long> intervals(MergeRequest merge) {
        List<Long> out = new ArrayList<>();
        long previous = nanos(merge.getCreateTime());
        for (MergeItem item : merge.getItemsList()) {
            long end = nanos(item.getEndTime());
            out.add(end - previous);
            previous = end;
        }
        return out;
    }

    private static long nanos(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }

    /**
     * The remote with one base commit on main (and raw-main, raw-base at it), N specs in spec-service
     * completed on branches chant/ID of one commit each (a file of its own), and the same commits as
     * raw/N for the baseline; all pushed at once.
     */
    private List<Work> setUp(int n) {
        progress.println("merges: setting up " + n + " completed specs and their branches in " + dir);
        Commands.run(List.of("git", "init", "-q", "--bare", "--initial-branch=main", remote.toString()));
        Commands.run(List.of("git", "init", "-q", "--initial-branch=main", clone.toString()));
        try {
            Files.writeString(clone.resolve("README.md"), "merge benchmark\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.run(Commands.git(clone, "add", "-A"));
        Commands.run(Commands.git(clone, "commit", "-q", "-m", "base"));
        Commands.run(Commands.git(clone, "remote", "add", "origin", remote.toString()));
        Commands.run(Commands.git(clone, "branch", "raw-main"));
        Commands.run(Commands.git(clone, "branch", "raw-base"));
        specs.projects().createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName(project).setRepoUrl(remote.toString()).setDefaultBranch("main")).build());

        List<Work> work = new ArrayList<>();
        List<String> refspecs = new ArrayList<>(List.of("main", "raw-main", "raw-base"));
        for (int i = 1; i <= n; i++) {
            Spec spec = specs.specs().createSpec(CreateSpecRequest.newBuilder().setProject(project)
                    .setTitle("Merge bench " + i).build()).getSpec();
            String branch = "chant/" + spec.getId();
            String raw = "raw/" + i;
            Commands.run(Commands.git(clone, "checkout", "-q", "-b", branch, "main"));
            try {
                Files.writeString(clone.resolve("part-" + i + ".txt"), "part " + i + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Commands.run(Commands.git(clone, "add", "part-" + i + ".txt"));
            Commands.run(Commands.git(clone, "commit", "-q", "-m", "chant(" + spec.getId() + "): part " + i));
            String commit = Commands.run(Commands.git(clone, "rev-parse", "HEAD"));
            Commands.run(Commands.git(clone, "branch", raw));
            refspecs.add(branch);
            refspecs.add(raw);
            specs.specs().updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                    .setExpectedVersion(spec.getVersion()).setBranch(branch)
                    .setCommits(StringList.newBuilder().addValues(commit)).build());
            for (SpecStatus to : List.of(SpecStatus.SPEC_STATUS_IN_PROGRESS, SpecStatus.SPEC_STATUS_COMPLETED)) {
                specs.lifecycle().transitionSpec(TransitionSpecRequest.newBuilder().setProject(project)
                        .setId(spec.getId()).setTo(to).build());
            }
            work.add(new Work(spec.getId(), raw, commit));
        }
        Commands.run(Commands.git(clone, "checkout", "-q", "main"));
        List<String> push = new ArrayList<>(List.of("push", "-q", "origin"));
        push.addAll(refspecs);
        Commands.run(Commands.git(clone, push.toArray(String[]::new)));
        Commands.run(Commands.git(clone, "fetch", "-q", "origin"));
        return work;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
