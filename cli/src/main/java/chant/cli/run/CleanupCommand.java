package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.format.Plural;
import chant.cli.rpc.Connection;
import chant.v1.KeptCheckout;
import chant.v1.ListKeptCheckoutsRequest;
import chant.v1.RemoveKeptCheckoutsRequest;
import chant.v1.RemovedCheckout;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant cleanup}: removes the checkouts agent-service kept, when their work is pushed. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Remove the checkouts agent-service kept (of failed, unpushed, paused and taken-over runs) whose "
                + "work is on the project's remote: no uncommitted files, no unpushed commits. Prints per checkout what "
                + "it did, or with --dry-run what it would do.",
                "--force removes the others too and names what is lost. Only the project chosen with --project (or "
                        + "CHANT_PROJECT), else every project's."})
public final class CleanupCommand extends RunCommand {
    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([smhdw])");
    private static final Map<String, Long> UNIT_SECONDS = Map.of("s", 1L, "m", 60L, "h", 3600L, "d", 86_400L,
            "w", 604_800L);

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "Only checkouts kept at least this long ago: 30m, 12h, 7d, 2w (else all).")
    String olderThan;

    @Option(names = "--dry-run", description = "Print what would be removed and what kept; remove nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Remove also checkouts whose work is not pushed, naming what is lost.")
    boolean force;

    @Override
    protected int run(Connection connection) {
        long seconds = olderThan == null ? 0 : age(olderThan);
        String project = connection.config().project().orElse("");
        List<KeptCheckout> kept = connection.runs().listKeptCheckouts(ListKeptCheckoutsRequest.newBuilder()
                .setProject(project).setOlderThanSeconds(seconds).build()).getCheckoutsList();
        if (kept.isEmpty()) {
            out().println("No kept checkouts" + (project.isEmpty() ? "" : " of project " + project)
                    + (olderThan == null ? "" : " older than " + olderThan) + ".");
            return ExitCodes.OK;
        }
        if (dryRun) {
            long removable = 0;
            for (KeptCheckout checkout : kept) {
                if (checkout.getSafeToRemove()) {
                    out().println("would remove " + name(checkout) + ": its work is on the remote");
                    removable++;
                } else if (force) {
                    out().println("would remove " + name(checkout) + ", losing what " + checkout.getProblem()
                            .replaceFirst("^removing it would lose ", "is not pushed: "));
                    removable++;
                } else {
                    out().println("would keep " + name(checkout) + ": " + checkout.getProblem() + " (--force removes it)");
                }
            }
            out().println("dry run: " + Plural.of(removable, "checkout") + " of " + kept.size() + " would be removed");
            return ExitCodes.OK;
        }
        Map<String, KeptCheckout> byId = kept.stream().collect(Collectors.toMap(KeptCheckout::getId, Function.identity()));
        List<RemovedCheckout> results = connection.runs().removeKeptCheckouts(RemoveKeptCheckoutsRequest.newBuilder()
                .addAllIds(byId.keySet().stream().sorted().toList()).setForce(force).build()).getResultsList();
        long removed = 0;
        for (RemovedCheckout result : results) {
            KeptCheckout checkout = byId.get(result.getId());
            String name = checkout == null ? result.getId() : name(checkout);
            out().println((result.getRemoved() ? "removed " : "kept ") + name + ": " + result.getDetail());
            removed += result.getRemoved() ? 1 : 0;
        }
        out().println(Plural.of(removed, "checkout") + " of " + results.size() + " removed");
        return ExitCodes.OK;
    }

    /** "chant-kv-x-... (spec X, run 12, 1.2 MB)": what a person recognises a checkout by. */
    static String name(KeptCheckout checkout) {
        StringBuilder about = new StringBuilder();
        if (!checkout.getSpecId().isEmpty()) {
            about.append("spec ").append(checkout.getSpecId()).append(", ");
        }
        if (checkout.getRunId() > 0) {
            about.append("run ").append(checkout.getRunId()).append(", ");
        }
        about.append(size(checkout.getSizeBytes()));
        return checkout.getPath() + " (" + about + ")";
    }

    static String size(long bytes) {
        if (bytes < 0) {
            return "size unknown";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** "7d" in seconds; a usage error for anything else. */
    static long age(String text) {
        Matcher m = AGE.matcher(text.strip());
        if (!m.matches()) {
            throw new CliException(ExitCodes.USAGE, "--older-than " + text + " is not an age: use a number and a unit,"
                    + " s, m, h, d or w (for example 7d)");
        }
        return Long.parseLong(m.group(1)) * UNIT_SECONDS.get(m.group(2));
    }
}
