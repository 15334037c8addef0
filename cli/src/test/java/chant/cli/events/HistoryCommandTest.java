package chant.cli.events;

import static chant.cli.events.Events.event;
import static chant.cli.events.Events.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.EventKind;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecEventsResponse;
import chant.v1.SpecEvent;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecStatus;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCommandTest extends InProcessCliTest {
    private static final SpecEvent CREATED = event(1, EventKind.EVENT_KIND_CREATED)
            .setNewValue("title: Fix the login\ntype: code\nlabels: [ui]").build();
    private static final SpecEvent STARTED = transition(4, SpecStatus.SPEC_STATUS_PENDING, SpecStatus.SPEC_STATUS_IN_PROGRESS);
    private static final SpecEvent FORCED = event(9, EventKind.EVENT_KIND_TRANSITIONED).setActor("bob")
            .setFromStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS).setToStatus(SpecStatus.SPEC_STATUS_COMPLETED)
            .setForced(true).setReason("criteria checked by hand").build();
    private static final SpecEvent EDITED = event(12, EventKind.EVENT_KIND_UPDATED)
            .setOldValue("body: old").setNewValue("body: " + "x".repeat(200)).build();

    private static ListSpecEventsResponse page(long next, SpecEvent... events) {
        return ListSpecEventsResponse.newBuilder().addAllEvents(List.of(events)).setNextAfterSequence(next).build();
    }

    @Test
    void followsTheSequenceAndPrintsATable() {
        server.reply(SpecEventServiceGrpc.getListSpecEventsMethod(),
                page(4, CREATED, STARTED), page(12, FORCED, EDITED), page(0));
        env.put("COLUMNS", "200");

        Result result = run("history", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        List<ListSpecEventsRequest> requests = server.requests(SpecEventServiceGrpc.getListSpecEventsMethod());
        assertEquals(List.of(0L, 4L, 12L), requests.stream().map(ListSpecEventsRequest::getAfterSequence).toList());
        assertEquals(ListSpecEventsRequest.newBuilder().setProject(PROJECT).setSpecId("x7m").setPageSize(1000).build(),
                requests.get(0));
        assertEquals(List.of(
                "SEQ  TIME                  ACTOR  KIND          CHANGE",
                "1    2026-01-22T10:00:01Z  alice  created       title: Fix the login; type: code; labels: [ui]",
                "4    2026-01-22T10:00:04Z  alice  transitioned  pending -> in_progress",
                "9    2026-01-22T10:00:09Z  bob    transitioned  in_progress -> completed (forced: criteria checked by hand)",
                "12   2026-01-22T10:00:12Z  alice  updated       body: " + "x".repeat(71) + "..."), result.outLines());
    }

    @Test
    void changesAreCutToFitTheWidth() {
        server.reply(SpecEventServiceGrpc.getListSpecEventsMethod(), page(0, FORCED, EDITED));

        Result result = run("history", "x7m");

        assertEquals(List.of(
                "SEQ  TIME                  ACTOR  KIND          CHANGE",
                "9    2026-01-22T10:00:09Z  bob    transitioned  in_progress -> completed (forced: criteria checke...",
                "12   2026-01-22T10:00:12Z  alice  updated       body: " + "x".repeat(43) + "..."), result.outLines());
        assertTrue(result.outLines().stream().allMatch(line -> line.length() <= 100), result.out());
    }

    @Test
    void noEventsSaysSo() {
        server.reply(SpecEventServiceGrpc.getListSpecEventsMethod(), page(0));

        Result result = run("history", "x7m");

        assertEquals(List.of("No events."), result.outLines());
    }

    @Test
    void jsonHasEveryEventAndTheTotal() throws Exception {
        server.reply(SpecEventServiceGrpc.getListSpecEventsMethod(), page(4, CREATED, STARTED), page(0, FORCED));

        Result result = run("history", "x7m", "--json");

        assertEquals(0, result.exitCode(), result.toString());
        ListSpecEventsResponse.Builder parsed = ListSpecEventsResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(result.out(), parsed);
        assertEquals(List.of(CREATED, STARTED, FORCED), parsed.getEventsList());
        assertTrue(result.out().contains("\n  \"total\": 3\n}"), result.out());
    }

    @Test
    void aSequenceThatDoesNotGrowStopsTheListing() {
        server.reply(SpecEventServiceGrpc.getListSpecEventsMethod(), page(4, CREATED, STARTED), page(4));

        Result result = run("history", "x7m");

        assertEquals(1, result.exitCode());
        assertEquals("chant: the server returned next_after_sequence 4 after 4; stopped listing\n", result.err());
    }

    @Test
    void anUnknownSpecExitsWith3() {
        server.reply(SpecEventServiceGrpc.getListSpecEventsMethod(), Status.NOT_FOUND.withDescription("no spec 'zzz'"));

        Result result = run("history", "zzz");

        assertEquals(3, result.exitCode());
        assertEquals("chant: no spec 'zzz'\n", result.err());
    }
}
