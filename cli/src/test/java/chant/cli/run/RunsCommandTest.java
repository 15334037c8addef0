package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.ended;
import static chant.cli.run.RunMessages.listed;
import static chant.cli.run.RunMessages.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.ListRunsRequest;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunsCommandTest extends InProcessCliTest {

    @Test
    void aTableOfTheNewestRunsFirstCutToTheWidth() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("",
                aRun(16, RunStatus.RUN_STATUS_RUNNING).setSpecId("2026-01-23-003-def").setPauseRequested(true),
                aRun(15, RunStatus.RUN_STATUS_QUEUED).setSpecId("2026-01-23-002-abc").setProvider("demo"),
                aRun(14, RunStatus.RUN_STATUS_RUNNING).setSpecId("2026-01-23-001-k9w").setAttempt(2)
                        .setStartTime(time("2026-01-23T09:00:00Z")).setCancelRequested(true),
                ended(13, RunStatus.RUN_STATUS_SUCCEEDED, "").setSpecDelivery("pending"),
                ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed").setEndTime(time("2026-01-22T11:02:01Z")),
                ended(11, RunStatus.RUN_STATUS_FAILED, "").setSpecDelivery("refused: spec was deleted"),
                aRun(10, RunStatus.RUN_STATUS_CANCELLED).setEndTime(time("2026-01-22T09:00:00Z"))));

        Result result = run("runs");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "ID  SPEC                STATUS      ATTEMPT  PROVIDER  STARTED           DURATION  SPEC RESULT",
                "16  2026-01-23-003-def  pausing     1        claude",
                "15  2026-01-23-002-abc  queued      1        demo",
                "14  2026-01-23-001-k9w  cancelling  2        claude    2026-01-23 09:00",
                "13  2026-01-22-001-x7m  succeeded   1        claude    2026-01-22 10:00  3m05s     pending",
                "12  2026-01-22-001-x7m  succeeded   1        claude    2026-01-22 10:00  1h02m     completed",
                "11  2026-01-22-001-x7m  failed      1        claude    2026-01-22 10:00  3m05s     refused: spec...",
                "10  2026-01-22-001-x7m  cancelled   1        claude",
                "7 runs"), result.outLines());
        assertEquals(List.of(ListRunsRequest.newBuilder().setProject(PROJECT).setPageSize(50).build()),
                server.requests(RunServiceGrpc.getListRunsMethod()));
    }

    @Test
    void theFiltersAreSent() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("", aRun(14, RunStatus.RUN_STATUS_RUNNING)));

        Result result = run("runs", "--spec", SPEC, "--status", "running,queued", "--status", "timed-out");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(ListRunsRequest.newBuilder().setProject(PROJECT).setSpecId(SPEC).setPageSize(50)
                        .addStatuses(RunStatus.RUN_STATUS_RUNNING).addStatuses(RunStatus.RUN_STATUS_QUEUED)
                        .addStatuses(RunStatus.RUN_STATUS_TIMED_OUT).build()),
                server.requests(RunServiceGrpc.getListRunsMethod()));
    }

    @Test
    void anUnknownStatusIsAUsageErrorListingTheStatuses() {
        Result result = run("runs", "--status", "done");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("unknown run status 'done'; expected one of queued, preparing, running, "
                + "finalizing, succeeded, failed, cancelled, timed_out, lost"), result.err());
    }

    @Test
    void onlyTheFirstPageUnlessAll() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("t1", aRun(15, RunStatus.RUN_STATUS_QUEUED)));

        Result result = run("runs");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("the newest 1 run; --all lists every one", result.outLines().get(2));
        assertEquals(1, server.requests(RunServiceGrpc.getListRunsMethod()).size());
    }

    @Test
    void allFetchesEveryPage() {
        server.reply(RunServiceGrpc.getListRunsMethod(),
                listed("t1", aRun(15, RunStatus.RUN_STATUS_QUEUED)),
                listed("t2", aRun(14, RunStatus.RUN_STATUS_QUEUED)),
                listed("", aRun(13, RunStatus.RUN_STATUS_QUEUED)));

        Result result = run("runs", "--all");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("3 runs", result.outLines().get(result.outLines().size() - 1));
        assertEquals(List.of("", "t1", "t2"), server.requests(RunServiceGrpc.getListRunsMethod()).stream()
                .map(ListRunsRequest::getPageToken).toList());
        assertTrue(server.requests(RunServiceGrpc.getListRunsMethod()).stream()
                .allMatch(request -> request.getPageSize() == 1000));
    }

    @Test
    void aShortSpecIdIsResolvedForEveryPage() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""),
                listed("t1", aRun(15, RunStatus.RUN_STATUS_QUEUED)), listed("", aRun(14, RunStatus.RUN_STATUS_FAILED)));
        server.reply(chant.v1.SpecServiceGrpc.getResolveSpecIdMethod(),
                chant.v1.ResolveSpecIdResponse.newBuilder().setId(SPEC).build());

        Result result = run("runs", "--spec", "x7m", "--all");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("x7m", SPEC, SPEC), server.requests(RunServiceGrpc.getListRunsMethod()).stream()
                .map(ListRunsRequest::getSpecId).toList());
    }

    @Test
    void noRuns() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""));

        Result result = run("runs");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("No runs.\n", result.out());
    }

    @Test
    void jsonIsOneArrayOfRunsWithTheirProtoJsonNames() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("t1",
                ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed").setCostUsd(0.25).setLogSize(1234),
                aRun(11, RunStatus.RUN_STATUS_QUEUED)));

        Result result = run("runs", "--json");

        assertEquals(0, result.exitCode(), result.toString());
        JsonArray runs = JsonParser.parseString(result.out()).getAsJsonArray();
        assertEquals(2, runs.size());
        JsonObject first = runs.get(0).getAsJsonObject();
        assertEquals("12", first.get("id").getAsString());
        assertEquals(SPEC, first.get("specId").getAsString());
        assertEquals("RUN_STATUS_SUCCEEDED", first.get("status").getAsString());
        assertEquals("2026-01-22T10:00:01Z", first.get("startTime").getAsString());
        assertEquals("delivered", first.get("specDelivery").getAsString());
        assertEquals("completed", first.get("specStatusAfter").getAsString());
        assertEquals(0.25, first.get("costUsd").getAsDouble());
        assertEquals("1234", first.get("logSize").getAsString());
        JsonObject second = runs.get(1).getAsJsonObject();
        assertEquals("", second.get("endReason").getAsString(), "fields without a value are there too");
        assertFalse(second.has("endTime"), "times that are not set are left out");
        assertFalse(second.has("costUsd"), "usage that was not reported is left out");
    }

    @Test
    void noRunsAsJsonIsAnEmptyArray() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""));

        Result result = run("runs", "--json");

        assertEquals("[]\n", result.out());
    }
}
