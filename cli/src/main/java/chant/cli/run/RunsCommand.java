package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.format.Plural;
import chant.cli.format.Table;
import chant.cli.rpc.Connection;
import chant.v1.ListRunsRequest;
import chant.v1.ListRunsResponse;
import chant.v1.Run;
import chant.v1.RunStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant runs}: the project's runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the project's runs, newest first, as a table or as JSON.",
                "Columns: ID, SPEC, STATUS (cancelling, pausing, taking over: the runner is stopping the run), ATTEMPT, "
                        + "PROVIDER, STARTED (UTC), DURATION (of the last attempt) and SPEC RESULT (the spec's status "
                        + "after the run; pending: not delivered to spec-service yet; refused: why). Only the newest "
                        + RunsCommand.PAGE_SIZE + " unless --all."})
public final class RunsCommand extends RunCommand {
    static final int PAGE_SIZE = 50;
    static final int ALL_PAGE_SIZE = 1000;

    @Option(names = "--spec", paramLabel = "ID", description = "Only the runs of this spec (full ID or a short form).")
    String spec;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only these statuses: queued, preparing, running, finalizing, succeeded, failed, cancelled, "
                    + "timed_out, lost.")
    List<RunStatus> statuses;

    @Option(names = "--all", description = "Every run, all pages (else the newest " + PAGE_SIZE + ").")
    boolean all;

    @Option(names = "--json", description = "Print a JSON array of the runs (Run as proto JSON).")
    boolean json;

    @Override
    protected int run(Connection connection) {
        ListRunsRequest request = ListRunsRequest.newBuilder()
                .setProject(project(connection))
                .addAllStatuses(statuses == null ? List.of() : statuses)
                .setPageSize(all ? ALL_PAGE_SIZE : PAGE_SIZE)
                .build();
        ListRunsResponse page;
        if (spec != null && !spec.isBlank()) {
            SpecRuns first = specRuns(connection, request.toBuilder().setSpecId(spec.strip()).build());
            request = first.request();
            page = first.page();
        } else {
            page = connection.runs().listRuns(request);
        }
        List<Run> runs = new ArrayList<>(page.getRunsList());
        while (all && !page.getNextPageToken().isEmpty()) {
            String token = page.getNextPageToken();
            page = connection.runs().listRuns(request.toBuilder().setPageToken(token).build());
            if (page.getNextPageToken().equals(token)) {
                throw CliException.failed("agent-service returned the same next_page_token twice; stopped listing", null);
            }
            runs.addAll(page.getRunsList());
        }
        boolean more = !page.getNextPageToken().isEmpty();
        if (json) {
            out().println(Json.array(runs));
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            out().println("No runs.");
            return ExitCodes.OK;
        }
        Table table = Table.withHeaders("ID", "SPEC", "STATUS", "ATTEMPT", "PROVIDER", "STARTED", "DURATION", "SPEC RESULT")
                .shrinkable("SPEC RESULT", 12);
        for (Run run : runs) {
            String status = !RunText.active(run) ? RunText.status(run) : run.getCancelRequested() ? "cancelling"
                    : run.getPauseRequested() ? (run.getTakeover() ? "taking over" : "pausing") : RunText.status(run);
            table.row(Long.toString(run.getId()), run.getSpecId(), status, Integer.toString(run.getAttempt()),
                    RunText.agent(run), RunText.minute(run.hasStartTime(), run.getStartTime()), RunText.duration(run),
                    RunText.specResult(run));
        }
        table.render(width()).forEach(out()::println);
        out().println(more ? "the newest " + Plural.of(runs.size(), "run") + "; --all lists every one"
                : Plural.of(runs.size(), "run"));
        return ExitCodes.OK;
    }
}
