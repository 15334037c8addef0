package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.ended;
import static chant.cli.run.RunMessages.got;
import static chant.cli.run.RunMessages.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import chant.cli.config.Service;
import chant.cli.testing.InProcessCliTest;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.ListRunsRequest;
import chant.v1.ResolveSpecIdRequest;
import chant.v1.ResolveSpecIdResponse;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.SpecServiceGrpc;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogCommandTest extends InProcessCliTest {
    private final ScriptedLog log = new ScriptedLog("chant: preparing\n[demo agent] wrote notes/ünïcode.txt\n"
            + "[demo agent] still work");

    @Test
    void printsTheStoredLogOfTheSpecsNewestRunAsItIs() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("next", aRun(12, RunStatus.RUN_STATUS_RUNNING)));
        int u = log.inside("ü");
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.call(0, null, u, log.bytes.length));

        Result result = run("log", SPEC);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(log.text(), result.out());
        assertEquals("", result.err());
        assertEquals(List.of(ListRunsRequest.newBuilder().setProject(PROJECT).setSpecId(SPEC).setPageSize(1).build()),
                server.requests(RunServiceGrpc.getListRunsMethod()));
        assertEquals(List.of(FollowLogRequest.newBuilder().setRunId(12).build()),
                server.requests(RunServiceGrpc.getFollowLogMethod()));
        assertEquals(List.of(Service.AGENT), openedServices);
    }

    @Test
    void theStoredLogIsReadWithTheDeadlineOfAWholeStream() {
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(12, RunStatus.RUN_STATUS_RUNNING)));
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));

        Result result = run("log", "--run", "12", "--timeout", "2");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("FollowLog", calls.get(1).method());
        long minutes = calls.get(1).deadline().timeRemaining(java.util.concurrent.TimeUnit.MINUTES);
        assertEquals(9, minutes, calls.toString());
    }

    @Test
    void aShortIdIsResolvedBySpecServiceWhenNoRunHasIt() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""), listed("", aRun(12, RunStatus.RUN_STATUS_SUCCEEDED)));
        server.reply(SpecServiceGrpc.getResolveSpecIdMethod(), ResolveSpecIdResponse.newBuilder().setId(SPEC).build());
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));

        Result result = run("log", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(log.text(), result.out());
        assertEquals(List.of("x7m", SPEC), server.requests(RunServiceGrpc.getListRunsMethod()).stream()
                .map(ListRunsRequest::getSpecId).toList());
        assertEquals(List.of(ResolveSpecIdRequest.newBuilder().setProject(PROJECT).setQuery("x7m").build()),
                server.requests(SpecServiceGrpc.getResolveSpecIdMethod()));
    }

    @Test
    void aSpecWithoutRunsExits3() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""));
        server.reply(SpecServiceGrpc.getResolveSpecIdMethod(), ResolveSpecIdResponse.newBuilder().setId(SPEC).build());

        Result result = run("log", SPEC);

        assertEquals(3, result.exitCode(), result.toString());
        assertEquals(List.of("chant: spec " + SPEC + " has no runs (start one with chant work " + SPEC + ")"),
                result.errLines());
    }

    @Test
    void anUnknownSpecIsSpecServicesNotFound() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed(""));
        server.reply(SpecServiceGrpc.getResolveSpecIdMethod(), Status.NOT_FOUND.withDescription("no spec 'zzz'"));

        Result result = run("log", "zzz");

        assertEquals(3, result.exitCode(), result.toString());
        assertEquals(List.of("chant: no spec 'zzz'"), result.errLines());
    }

    @Test
    void runNIsReadByItsId() {
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(7, RunStatus.RUN_STATUS_FAILED, "failed")));
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));

        Result result = run("log", "--run", "7");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(log.text(), result.out());
        assertEquals(List.of(GetRunRequest.newBuilder().setRunId(7).build()),
                server.requests(RunServiceGrpc.getGetRunMethod()));
        assertEquals(List.of(), server.requests(RunServiceGrpc.getListRunsMethod()));
    }

    @Test
    void anUnknownRunIsOneLineNamingAgentService() {
        server.reply(RunServiceGrpc.getGetRunMethod(), Status.NOT_FOUND.withDescription("run 99 does not exist"));

        Result result = run("log", "--run", "99");

        assertEquals(3, result.exitCode(), result.toString());
        assertEquals(List.of("chant: agent-service at localhost:8182: run 99 does not exist"), result.errLines());
    }

    @Test
    void followPrintsTheLogLiveAndExitsByHowTheRunEnded() {
        server.reply(RunServiceGrpc.getListRunsMethod(), listed("", aRun(12, RunStatus.RUN_STATUS_RUNNING)));
        int u = log.inside("ü");
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.call(0, null, u, u + 1, log.bytes.length));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_TIMED_OUT, "failed")
                .setEndReason("the run took longer than its timeout of 3600 s")));

        Result result = run("log", SPEC, "--follow");

        assertEquals(10, result.exitCode(), result.toString());
        assertEquals("run 12 of " + SPEC + " running (provider claude)\n" + log.text() + "\n"
                + "run 12 timed_out (the run took longer than its timeout of 3600 s); spec " + SPEC + " is failed\n",
                result.out());
        assertEquals(List.of(FollowLogRequest.newBuilder().setRunId(12).setFollow(true).build()),
                server.requests(RunServiceGrpc.getFollowLogMethod()));
        assertNull(calls.get(1).deadline());
    }

    @Test
    void ctrlCWhileFollowingRunNSaysHowToFollowItAgain() {
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(12, RunStatus.RUN_STATUS_RUNNING)));
        server.reply(RunServiceGrpc.getFollowLogMethod(),
                chant.cli.testing.ScriptedServices.handler(RunServiceGrpc.getFollowLogMethod(),
                        (request, observer) -> interrupts.press()));

        Result result = run("log", "--run", "12", "-f");

        assertEquals(130, result.exitCode(), result.toString());
        assertEquals("chant: stopped following run 12; the run goes on (follow it again: chant log --run 12 --follow)",
                result.errLines().get(1));
    }

    @Test
    void aSpecAndARunTogetherOrNeitherAreUsageErrors() {
        Result both = run("log", SPEC, "--run", "3");
        Result neither = run("log");

        assertEquals(2, both.exitCode(), both.toString());
        assertEquals(List.of("chant: name a spec ID or --run N, not both"), both.errLines());
        assertEquals(2, neither.exitCode(), neither.toString());
        assertEquals(List.of("chant: name a spec ID or --run N"), neither.errLines());
        assertEquals(List.of(), openedServices);
    }
}
