package chant.cli.events;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.format.Table;
import chant.cli.rpc.Connection;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecEventsResponse;
import chant.v1.SpecEvent;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant history <id>}: the audit trail of one spec. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show every recorded change of a spec, oldest first: SEQ, TIME (UTC), ACTOR, KIND and CHANGE.",
                "CHANGE is 'from -> to' for transitions (with '(forced: reason)'), else the new value on one line, cut."})
public final class HistoryCommand extends ClientCommand {
    static final int PAGE_SIZE = 1000;

    @Parameters(paramLabel = "ID", description = "Full ID or a short form.")
    String id;

    @Option(names = "--json", description = "Print {\"events\": [SpecEvent as proto JSON...], \"total\": N}.")
    boolean json;

    @Override
    protected int run(Connection connection) {
        ListSpecEventsRequest first = ListSpecEventsRequest.newBuilder()
                .setProject(project(connection)).setSpecId(id).setPageSize(PAGE_SIZE).build();
        List<SpecEvent> events = new ArrayList<>();
        long after = 0;
        do {
            ListSpecEventsResponse page = connection.events().listSpecEvents(first.toBuilder().setAfterSequence(after).build());
            events.addAll(page.getEventsList());
            if (page.getNextAfterSequence() != 0 && page.getNextAfterSequence() <= after) {
                throw CliException.failed("the server returned next_after_sequence " + page.getNextAfterSequence()
                        + " after " + after + "; stopped listing", null);
            }
            after = page.getNextAfterSequence();
        } while (after != 0);
        if (json) {
            out().println(Json.listWithTotal("events", events, events.size()));
            return ExitCodes.OK;
        }
        Table table = Table.withHeaders("SEQ", "TIME", "ACTOR", "KIND", "CHANGE").shrinkable("CHANGE", 20);
        for (SpecEvent event : events) {
            table.row(Long.toString(event.getSequence()), EventText.time(event), event.getActor(),
                    EventText.kind(event), EventText.change(event));
        }
        if (table.isEmpty()) {
            out().println("No events.");
        } else {
            table.render(width()).forEach(out()::println);
        }
        return ExitCodes.OK;
    }
}
