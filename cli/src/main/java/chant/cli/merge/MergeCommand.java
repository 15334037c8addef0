package chant.cli.merge;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.cli.rpc.Connection;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.SubmitMergeRequest;
import java.util.ArrayList;
import java.util.HashMap;
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
        MergeFollower follower = new MergeFollower(connection, err(), context().timing());
        SubmitMergeRequest submitted = request.build();
        MergeRequest merge = follower.submit(() -> connection.merges().submitMerge(submitted).getMerge(),
                () -> connection.merges().withWaitForReady().submitMerge(submitted).getMerge());
        if (merge.getItemsCount() == 0) {
            out().println("nothing to merge: no completed spec" + (label == null ? "" : " labelled " + label.strip())
                    + " has a branch that is not merged");
            return ExitCodes.OK;
        }
        out().println(heading(merge));
        Map<String, String> shown = new HashMap<>();
        print(merge, shown);
        MergeRequest ended = MergeFollower.ended(merge) ? merge : follower.follow(merge.getId(), m -> print(m, shown));
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

    private static String heading(MergeRequest merge) {
        return "merge request " + merge.getId() + (merge.getDryRun() ? " (dry run)" : "") + ": " + merge.getItemsCount() + " spec"
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
            if (item.getOutcome() == MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED && item.hasVerify()) {
                outputTail(item.getVerify().getOutputTail()).forEach(l -> out().println("      | " + l));
            }
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
            case MERGE_OUTCOME_VERIFY_FAILED -> "the verify command failed on the merge result ("
                    + (item.getVerify().getTimedOut() ? "ran out of time after " + item.getVerify().getDurationMs() / 1000
                    + " s" : "exit code " + item.getVerify().getExitCode()) + "); the target did not move, the spec needs"
                    + " attention, its branch is kept" + (item.getVerify().getOutputTail().isBlank() ? "" : "; its output"
                    + " ended:");
            default -> item.getBranch();
        };
        return String.format("%-15s %s  %s", what, item.getSpecId(), detail).stripTrailing();
    }

    /** How many of the last lines of a failed verify command's output are printed (the item keeps 8 KiB). */
    static final int TAIL_LINES = 20;

    /** The last lines of a verify command's output, each cut to 200 characters. */
    static List<String> outputTail(String output) {
        List<String> lines = output.strip().lines().map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l).toList();
        return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
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
