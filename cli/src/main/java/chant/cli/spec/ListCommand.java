package chant.cli.spec;

import chant.cli.format.Plural;
import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.format.Table;
import chant.cli.rpc.Connection;
import chant.v1.ArchiveFilter;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant list}: the specs of the project, all pages of them. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List specs (without bodies) as a table, or as JSON.",
                "Filters combine: a spec is listed when it matches every given filter, and one of "
                        + "the values of each. Filter options can be repeated or take comma-separated values."})
public final class ListCommand extends ClientCommand {
    static final int MAX_PAGE_SIZE = 1000;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only these statuses: pending, in_progress, paused, completed, failed, "
                    + "needs_attention, blocked, cancelled.")
    List<SpecStatus> statuses;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these types: code, task, driver, group, documentation, research.")
    List<SpecType> types;

    @Option(names = "--label", paramLabel = "LABEL", split = ",", description = "Only specs with one of these labels.")
    List<String> labels;

    @Option(names = "--text", paramLabel = "TEXT", description = "Only specs whose title or body contains TEXT (any case).")
    String text;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Archived archived;

    static final class Archived {
        @Option(names = "--archived", description = "Only archived specs.")
        boolean only;

        @Option(names = "--all", description = "Archived and active specs.")
        boolean all;
    }

    @Option(names = "--limit", paramLabel = "N", description = "At most N specs (default: all).")
    int limit;

    @Option(names = "--json", description = "Print {\"specs\": [proto JSON...], \"total\": N}.")
    boolean json;

    @Override
    protected int run(Connection connection) {
        if (limit < 0) {
            throw new CliException(ExitCodes.USAGE, "--limit must be 0 (all) or more, not " + limit);
        }
        Page page = fetch(connection, request(project(connection)));
        if (json) {
            out().println(Json.listWithTotal("specs", page.specs(), page.total()));
        } else {
            Table table = table(page.specs());
            if (!table.isEmpty()) {
                table.render(width()).forEach(out()::println);
            }
            out().println(page.specs().size() + " of " + Plural.of(page.total(), "spec"));
        }
        return ExitCodes.OK;
    }

    ListSpecsRequest request(String project) {
        return ListSpecsRequest.newBuilder()
                .setProject(project)
                .addAllStatuses(statuses == null ? List.of() : statuses)
                .addAllTypes(types == null ? List.of() : types)
                .addAllLabels(Values.clean(labels))
                .setText(text == null ? "" : text)
                .setArchived(archived == null ? ArchiveFilter.ARCHIVE_FILTER_ACTIVE
                        : archived.all ? ArchiveFilter.ARCHIVE_FILTER_ALL : ArchiveFilter.ARCHIVE_FILTER_ARCHIVED)
                .build();
    }

    record Page(List<Spec> specs, long total) {
    }

    /** Follows next_page_token until the last page or the limit. */
    Page fetch(Connection connection, ListSpecsRequest first) {
        List<Spec> specs = new ArrayList<>();
        long total = 0;
        String token = "";
        do {
            int pageSize = limit > 0 ? Math.min(limit - specs.size(), MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
            ListSpecsResponse response = connection.specs().listSpecs(
                    first.toBuilder().setPageToken(token).setPageSize(pageSize).build());
            specs.addAll(response.getSpecsList());
            total = response.getTotalCount();
            if (!response.getNextPageToken().isEmpty() && response.getNextPageToken().equals(token)) {
                throw CliException.failed("the server returned the same page token twice; stopped listing", null);
            }
            token = response.getNextPageToken();
        } while (!token.isEmpty() && (limit == 0 || specs.size() < limit));
        return new Page(limit > 0 && specs.size() > limit ? specs.subList(0, limit) : specs, total);
    }

    static Table table(List<Spec> specs) {
        Table table = Table.withHeaders("ID", "STATUS", "TYPE", "TITLE", "LABELS")
                .shrinkable("TITLE", 20)
                .shrinkable("LABELS", 10);
        for (Spec spec : specs) {
            table.row(spec.getId(), SpecEnums.STATUSES.name(spec.getStatus()), SpecEnums.TYPES.name(spec.getType()),
                    spec.getTitle(), String.join(",", spec.getLabelsList()));
        }
        return table;
    }
}
