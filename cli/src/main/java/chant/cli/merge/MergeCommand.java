package chant.cli.merge;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.config.Service;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.cli.rpc.Connection;
import chant.v1.GetMergeRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.SubmitMergeRequest;
import chant.v1.WatchMergeRequest;
import chant.v1.WatchMergeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chant merge}: asks merge-service to bring finished specs' branches into the target branch,
 * then follows the request through its queue and prints what became of each spec.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the branches of completed specs into the project's default branch (or --target) through "
                + "merge-service's queue, in dependency order, and print what became of each: merged, already merged, "
                + "conflict (with the files; the target does not move), refused (with the reason), skipped.",
                "Exit code 0 when every spec is merged or was already; 1 when one is not (conflict, refused, skipped); "
                        + "5 when the request is refused as a whole."})
public final class MergeCommand extends ClientCommand {

    /** How often the request is read again when the watch stream is away. */
    static final Duration POLL = Duration.ofSeconds(1);

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Specs by full ID or a short form.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every completed spec whose branch is not merged.")
    boolean all;

    @Option(names = "--label", paramLabel = "LABEL", description = "Every completed spec with this label whose branch is not merged.")
    String label;

    @Option(names = "--strategy", paramLabel = "STRATEGY",
            description = "auto (the default: a fast-forward when possible, else a merge commit), fast-forward, merge, "
                    + "squash or rebase.")
    String strategy;

    @Option(names = "--target", paramLabel = "BRANCH", description = "The branch to merge into (else the project's default).")
    String target;

    @Option(names = "--dry-run", description = "Work out what would happen to each spec; move nothing.")
    boolean dryRun;

    @Option(names = "--delete-branch", description = "Delete each merged branch from the remote afterwards.")
    boolean deleteBranch;

    @Option(names = "--continue-on-error", description = "Go on with the next spec after one that cannot be merged.")
    boolean continueOnError;

    @Option(names = "--resolve", description = "A spec whose branch conflicts gets a merge-conflict run through "
            + "agent-service (its branch rebased onto the target, an agent resolves the conflicts); the queue waits for "
            + "it and merges the spec when the run succeeds.")
    boolean resolve;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        int ways = (ids.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (label == null ? 0 : 1);
        if (ways != 1) {
            throw new CliException(ExitCodes.USAGE, ways == 0 ? "name the specs to merge, or --label LABEL, or --all"
                    : "choose the specs one way: IDs, --label or --all");
        }
        if (resolve && dryRun) {
            throw new CliException(ExitCodes.USAGE, "--resolve and --dry-run do not go together: a dry run moves nothing"
                    + " and starts no run");
        }
        SubmitMergeRequest.Builder request = SubmitMergeRequest.newBuilder().setProject(project(connection))
                .addAllSpecIds(ids).setAll(all).setLabel(label == null ? "" : label.strip())
                .setTargetBranch(target == null ? "" : target.strip()).setStrategy(strategy(strategy))
                .setDryRun(dryRun).setDeleteBranch(deleteBranch).setContinueOnError(continueOnError).setResolve(resolve)
                .setRequestId(UUID.randomUUID().toString());
        MergeRequest merge = submit(connection, request.build());
        if (merge.getItemsCount() == 0) {
            out().println("nothing to merge: no completed spec" + (label == null ? "" : " labelled " + label.strip())
                    + " has a branch that is not merged");
            return ExitCodes.OK;
        }
        out().println(heading(merge));
        Map<String, String> shown = new HashMap<>();
        print(merge, shown);
        MergeRequest ended = ended(merge) ? merge : follow(connection, merge.getId(), shown);
        return summary(ended);
    }

    private static MergeStrategy strategy(String name) {
        if (name == null) {
            return MergeStrategy.MERGE_STRATEGY_AUTO;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> MergeStrategy.MERGE_STRATEGY_AUTO;
            case "fast-forward", "ff" -> MergeStrategy.MERGE_STRATEGY_FAST_FORWARD;
            case "merge" -> MergeStrategy.MERGE_STRATEGY_MERGE;
            case "squash" -> MergeStrategy.MERGE_STRATEGY_SQUASH;
            case "rebase" -> MergeStrategy.MERGE_STRATEGY_REBASE;
            default -> throw new CliException(ExitCodes.USAGE, "--strategy '" + name + "' is not a strategy: use auto, "
                    + "fast-forward, merge, squash or rebase");
        };
    }

    /** SubmitMerge, asked once more with the same request ID when merge-service did not answer. */
    private MergeRequest submit(Connection connection, SubmitMergeRequest request) {
        try {
            return connection.merges().submitMerge(request).getMerge();
        } catch (StatusRuntimeException first) {
            Status.Code code = first.getStatus().getCode();
            if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                throw first;
            }
            err().println("chant: " + (code == Status.Code.UNAVAILABLE ? "cannot reach" : "no answer from")
                    + " merge-service at " + connection.address(Service.MERGE)
                    + "; asking once more (the same request: it is queued once)");
            err().flush();
            return connection.merges().withWaitForReady().submitMerge(request).getMerge();
        }
    }

    /**
     * Follows the request until it has ended, printing each spec as its outcome is known: the watch
     * stream, and when that breaks, the request read again every {@link #POLL}.
     */
    private MergeRequest follow(Connection connection, long id, Map<String, String> shown)
            throws InterruptedException {
        MergeRequest latest = null;
        try {
            Iterator<WatchMergeResponse> stream = connection.mergeWatch()
                    .watchMerge(WatchMergeRequest.newBuilder().setMergeId(id).build());
            while (stream.hasNext()) {
                latest = stream.next().getMerge();
                print(latest, shown);
                if (ended(latest)) {
                    return latest;
                }
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw e;
            }
            err().println("chant: lost the watch of merge " + id + " (UNAVAILABLE); reading it again every "
                    + POLL.toSeconds() + " s");
            err().flush();
        }
        while (latest == null || !ended(latest)) {
            if (latest != null) {
                context().timing().sleep(POLL);
            }
            try {
                latest = connection.merges().getMerge(GetMergeRequest.newBuilder().setMergeId(id).build()).getMerge();
                print(latest, shown);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                context().timing().sleep(POLL);
            }
        }
        return latest;
    }

    private static boolean ended(MergeRequest merge) {
        return merge.getStatus() == MergeStatus.MERGE_STATUS_DONE || merge.getStatus() == MergeStatus.MERGE_STATUS_STOPPED;
    }

    private static String heading(MergeRequest merge) {
        return (merge.getDryRun() ? "dry run " : "") + "merge " + merge.getId() + " of " + merge.getItemsCount() + " spec"
                + (merge.getItemsCount() == 1 ? "" : "s") + " into " + merge.getTargetBranch() + " ("
                + name(merge.getStrategy().name(), "MERGE_STRATEGY_") + ")";
    }

    /**
     * Prints the specs whose outcome is known now and was not printed yet; a spec being resolved is printed once
     * its run is known, and again with its outcome.
     */
    private void print(MergeRequest merge, Map<String, String> shown) {
        for (MergeItem item : merge.getItemsList()) {
            String state = item.getOutcome() + ":" + item.getResolveRunId();
            if (item.getOutcome() == MergeOutcome.MERGE_OUTCOME_PENDING || state.equals(shown.get(item.getSpecId()))
                    || item.getOutcome() == MergeOutcome.MERGE_OUTCOME_RESOLVING && item.getResolveRunId() == 0) {
                continue;
            }
            shown.put(item.getSpecId(), state);
            out().println("  " + line(item));
        }
        out().flush();
    }

    static String line(MergeItem item) {
        String what = name(item.getOutcome().name(), "MERGE_OUTCOME_").replace('_', ' ');
        if (item.getOutcome() == MergeOutcome.MERGE_OUTCOME_RESOLVING) {
            what = "resolving (run " + item.getResolveRunId() + ")";
        }
        String detail = switch (item.getOutcome()) {
            case MERGE_OUTCOME_MERGED -> item.getBranch() + " (" + shortCommit(item.getMergeCommit()) + ")";
            case MERGE_OUTCOME_RESOLVING -> "conflicts in " + String.join(", ", item.getConflictFilesList())
                    + "; chant log --run " + item.getResolveRunId() + " --follow follows it";
            case MERGE_OUTCOME_CONFLICT -> "conflicts in " + String.join(", ", item.getConflictFilesList())
                    + (item.getResolveRunId() == 0 ? "" : "; " + StatusMessages.oneLine(item.getReason()))
                    + "; the spec needs attention, its branch is kept";
            case MERGE_OUTCOME_REFUSED, MERGE_OUTCOME_SKIPPED -> StatusMessages.oneLine(item.getReason());
            default -> item.getBranch();
        };
        return String.format("%-15s %s  %s", what, item.getSpecId(), detail).stripTrailing();
    }

    private int summary(MergeRequest merge) {
        long done = merge.getItemsList().stream().filter(MergeCommand::fine).count();
        int total = merge.getItemsCount();
        out().println((merge.getDryRun() ? "would merge " : "merged ") + done + " of " + total + " spec"
                + (total == 1 ? "" : "s") + (merge.getStatus() == MergeStatus.MERGE_STATUS_STOPPED
                ? "; stopped at the first that could not be merged (--continue-on-error goes on)" : ""));
        out().flush();
        return done == total ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static boolean fine(MergeItem item) {
        return item.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED
                || item.getOutcome() == MergeOutcome.MERGE_OUTCOME_ALREADY_MERGED
                || item.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGEABLE;
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String name(String enumName, String prefix) {
        return enumName.substring(prefix.length()).toLowerCase(Locale.ROOT);
    }
}
