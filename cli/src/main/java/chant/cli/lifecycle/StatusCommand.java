package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.v1.GetStatusSummaryRequest;
import chant.v1.GetStatusSummaryResponse;
import chant.v1.Spec;
import chant.v1.StatusCount;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code chant status}: the project at a glance. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the project at a glance: the number of active specs per status (blocked included), "
                + "then the ready and the blocked specs (ID and title).",
                "Each list is at most " + StatusCommand.MAX_LINES + " lines; a longer one ends with '... and K more'."})
public final class StatusCommand extends ClientCommand {
    static final int MAX_LINES = 10;
    static final int COUNTS_WIDTH = 80;

    @Override
    protected int run(Connection connection) {
        GetStatusSummaryResponse summary = connection.lifecycle().getStatusSummary(
                GetStatusSummaryRequest.newBuilder().setProject(project(connection)).build());
        counts(summary.getCountsList()).forEach(out()::println);
        list("Ready", summary.getReadySpecsList(), summary.getReadyCount());
        list("Blocked", summary.getBlockedSpecsList(), summary.getBlockedCount());
        return ExitCodes.OK;
    }

    /** "pending 3, in_progress 1, ..." wrapped at 80 columns; "No active specs." when all are zero. */
    static List<String> counts(List<StatusCount> counts) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (StatusCount count : counts) {
            if (count.getCount() == 0) {
                continue;
            }
            String item = SpecEnums.STATUSES.name(count.getStatus()) + " " + count.getCount();
            if (line.length() > 0 && line.length() + 2 + item.length() > COUNTS_WIDTH) {
                lines.add(line.append(',').toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? ", " : "").append(item);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines.isEmpty() ? List.of("No active specs.") : lines;
    }

    private void list(String name, List<Spec> specs, long total) {
        long count = Math.max(total, specs.size());
        out().println(name + " (" + count + "):");
        // At most MAX_LINES lines: when some are left out, the last line says how many.
        int shown = count > MAX_LINES ? MAX_LINES - 1 : specs.size();
        shown = Math.min(shown, specs.size());
        int idWidth = specs.stream().limit(shown).mapToInt(spec -> spec.getId().length()).max().orElse(0);
        for (Spec spec : specs.subList(0, shown)) {
            out().println(("  " + pad(spec.getId(), idWidth) + "  " + spec.getTitle()).stripTrailing());
        }
        if (count > shown) {
            out().println("  ... and " + (count - shown) + " more");
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
