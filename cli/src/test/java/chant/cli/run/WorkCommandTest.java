package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.ended;
import static chant.cli.run.RunMessages.enqueued;
import static chant.cli.run.RunMessages.got;
import static chant.cli.run.RunMessages.aRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.config.Service;
import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.InterceptedChannel;
import chant.cli.testing.ScriptedServices;
import chant.v1.EnqueueRunRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import chant.v1.FollowLogRequest;
import chant.v1.LogChunk;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkCommandTest extends InProcessCliTest {
    /** Two-, three- and four-byte characters, so that chunks can end inside them. */
    private final ScriptedLog log = new ScriptedLog("chant: preparing the checkout\n"
            + "[demo agent] wrote notes/héllo.txt ✓\n"
            + "[demo agent] finished: success 🎉\n");

    /** The spec the tests work: x7m, a spec without members. */
    @BeforeEach
    void scriptTheSpec() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder()
                .setSpec(Spec.newBuilder().setId(SPEC).setProject(PROJECT).setTitle("Fix the lost write")).build());
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance());
    }

    private void scriptEnqueue() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED)));
    }

    @Test
    void followsTheLogAcrossChunksAndExits0WhenTheSpecIsCompleted() {
        scriptEnqueue();
        int e = log.inside("é");
        int check = log.inside("✓");
        int party = log.inside("🎉");
        server.reply(RunServiceGrpc.getFollowLogMethod(),
                log.call(0, null, 5, e, check, check + 1, party, party + 2, log.bytes.length));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed")));

        Result result = run("work", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("run 12 of " + SPEC + " queued (provider claude)\n"
                + log.text()
                + "run 12 succeeded; spec " + SPEC + " is completed\n", result.out());
        assertEquals("", result.err());
        EnqueueRunRequest enqueue = server.requests(RunServiceGrpc.getEnqueueRunMethod()).get(0);
        assertEquals(PROJECT, enqueue.getProject());
        assertEquals(SPEC, enqueue.getSpecId(), "the spec by the full ID spec-service resolved");
        assertEquals("", enqueue.getProvider());
        assertEquals(0, enqueue.getTimeoutSeconds());
        assertNotNull(UUID.fromString(enqueue.getRequestId()));
        assertEquals(List.of(FollowLogRequest.newBuilder().setRunId(12).setFollow(true).build()),
                server.requests(RunServiceGrpc.getFollowLogMethod()));
    }

    @Test
    void theLogStreamHasNoDeadlineAndTheOtherCallsHaveTheTimeout() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed")));

        Result result = run("work", "x7m", "--timeout", "30");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("GetSpec", "ListSpecs", "EnqueueRun", "FollowLog", "GetRun"),
                calls.stream().map(SeenCall::method).toList());
        assertNull(calls.get(3).deadline());
        for (SeenCall unary : List.of(calls.get(0), calls.get(1), calls.get(2), calls.get(4))) {
            long left = unary.deadline().timeRemaining(java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(left > 20 && left <= 30, unary + ": " + left);
        }
    }

    @Test
    void theOptionsGoIntoTheRequest() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(),
                enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED).setProvider("demo").setModel("small")));

        Result result = run("work", "x7m", "--provider", "demo", "--model", "small", "--prompt", "triage",
                "--run-timeout", "600", "--detach");

        assertEquals(0, result.exitCode(), result.toString());
        EnqueueRunRequest enqueue = server.requests(RunServiceGrpc.getEnqueueRunMethod()).get(0);
        assertEquals("demo", enqueue.getProvider());
        assertEquals("small", enqueue.getModel());
        assertEquals("triage", enqueue.getPrompt());
        assertEquals(600, enqueue.getTimeoutSeconds());
        assertEquals("run 12 of " + SPEC + " queued (provider demo, model small); follow it with chant log " + SPEC
                + " --follow\n", result.err());
    }

    @Test
    void dryRunPrintsThePromptAndQueuesNothing() {
        server.reply(RunServiceGrpc.getRenderPromptMethod(), chant.v1.RenderPromptResponse.newBuilder()
                .setTemplate("triage").setOrigin(".chant/prompts/triage.md").setSpecId(SPEC).setSourceBranch("main")
                .setSourceCommit("0123456789abcdef0123").setText("# Triage\n\nRead the spec.\n").build());

        Result result = run("work", "x7m", "--dry-run", "--prompt", "triage");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("# Triage\n\nRead the spec.\n", result.out());
        assertEquals("chant: the prompt a run of " + SPEC + " would get: template triage (.chant/prompts/triage.md), files"
                + " from main at 0123456789ab; nothing was queued\n", result.err());
        chant.v1.RenderPromptRequest request = server.requests(RunServiceGrpc.getRenderPromptMethod()).get(0);
        assertEquals(PROJECT, request.getProject());
        assertEquals("x7m", request.getSpecId());
        assertEquals("triage", request.getPrompt());
        assertEquals(List.of(), server.requests(RunServiceGrpc.getEnqueueRunMethod()));
    }

    @Test
    void dryRunOfAnUnknownTemplateSaysWhichThereAre() {
        server.reply(RunServiceGrpc.getRenderPromptMethod(), Status.INVALID_ARGUMENT.withDescription(
                "no prompt template `nope` (chosen by the request): the templates are split, standard"));

        Result result = run("work", "x7m", "--dry-run", "--prompt", "nope");

        assertEquals(4, result.exitCode(), result.toString());
        assertTrue(result.err().contains("no prompt template `nope` (chosen by the request): the templates are split,"
                + " standard"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void detachPrintsTheRunIdAndReturnsAtOnce() {
        scriptEnqueue();

        Result result = run("work", "x7m", "--detach");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("12\n", result.out());
        assertEquals(List.of(), server.requests(RunServiceGrpc.getFollowLogMethod()));
        assertEquals(List.of(), server.requests(RunServiceGrpc.getGetRunMethod()));
    }

    @Test
    void aFailedRunExits8WithItsReasonAndTheSpecsStatus() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_FAILED, "failed")
                .setEndReason("the agent failed:\nline 12: unknown instruction")));

        Result result = run("work", "x7m");

        assertEquals(8, result.exitCode(), result.toString());
        assertEquals("run 12 failed (the agent failed:; line 12: unknown instruction); spec " + SPEC + " is failed",
                result.outLines().get(result.outLines().size() - 1));
    }

    @Test
    void aSucceededRunWhoseSpecNeedsAttentionExits12() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "needs_attention")));

        Result result = run("work", "x7m");

        assertEquals(12, result.exitCode(), result.toString());
        assertEquals("run 12 succeeded; spec " + SPEC + " is needs_attention",
                result.outLines().get(result.outLines().size() - 1));
    }

    @Test
    void aLogWithoutALastLineBreakGetsOneBeforeTheLastLine() {
        scriptEnqueue();
        ScriptedLog unfinished = new ScriptedLog("no line break at the end");
        server.reply(RunServiceGrpc.getFollowLogMethod(), unfinished.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_CANCELLED, "")
                .setSpecDelivery("").setEndReason("cancelled by bob before it started")));

        Result result = run("work", "x7m");

        assertEquals(9, result.exitCode(), result.toString());
        assertEquals(List.of("run 12 of " + SPEC + " queued (provider claude)", "no line break at the end",
                "run 12 cancelled (cancelled by bob before it started)"), result.outLines());
    }

    @Test
    void aPendingResultIsWaitedFor() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(),
                got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "").setSpecDelivery("pending")),
                got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "").setSpecDelivery("pending")),
                got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed")));

        Result result = run("work", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("run 12 succeeded; spec " + SPEC + " is completed",
                result.outLines().get(result.outLines().size() - 1));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), timing.pauses());
        assertEquals(3, server.requests(RunServiceGrpc.getGetRunMethod()).size());
    }

    @Test
    void aResultStillPendingAfter30SecondsIsSaidAndExits13() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        Object[] pending = Collections.nCopies(40,
                got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "").setSpecDelivery("pending"))).toArray();
        server.reply(RunServiceGrpc.getGetRunMethod(), pending);

        Result result = run("work", "x7m");

        assertEquals(13, result.exitCode(), result.toString());
        assertEquals("run 12 succeeded; spec " + SPEC + ": result pending delivery to spec-service",
                result.outLines().get(result.outLines().size() - 1));
        assertEquals(30, timing.pauses().size());
        assertEquals(31, server.requests(RunServiceGrpc.getGetRunMethod()).size());
    }

    @Test
    void aRefusedResultExits12WithSpecServicesReason() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "")
                .setSpecDelivery("refused: spec " + SPEC + " was deleted")));

        Result result = run("work", "x7m");

        assertEquals(12, result.exitCode(), result.toString());
        assertEquals("run 12 succeeded; spec-service refused the result for spec " + SPEC + ": spec " + SPEC
                + " was deleted", result.outLines().get(result.outLines().size() - 1));
    }

    @Test
    void aBrokenStreamIsResumedAfterTheLastByteReceived() {
        scriptEnqueue();
        int e = log.inside("é");
        int party = log.inside("🎉");
        server.reply(RunServiceGrpc.getFollowLogMethod(),
                // agent-service goes away after a chunk that ends inside "é"...
                log.call(0, Status.UNAVAILABLE.withDescription("agent-service is shutting down"), 10, e),
                // ...is not back yet...
                log.call(e, Status.UNAVAILABLE),
                // ...and then streams the rest from there, once more ending a chunk inside a character.
                log.call(e, null, party + 1, log.bytes.length));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed")));

        Result result = run("work", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("run 12 of " + SPEC + " queued (provider claude)\n" + log.text()
                + "run 12 succeeded; spec " + SPEC + " is completed\n", result.out());
        assertEquals(List.of(0L, (long) e, (long) e), server.requests(RunServiceGrpc.getFollowLogMethod()).stream()
                .map(FollowLogRequest::getOffset).toList());
        assertEquals(List.of(
                "chant: lost the log stream of run 12 (UNAVAILABLE); reconnecting in 0.5 s, resuming at byte " + e,
                // The second stream never reached the service: the pause doubles.
                "chant: lost the log stream of run 12 (UNAVAILABLE); reconnecting in 1.0 s, resuming at byte " + e),
                result.errLines());
    }

    @Test
    void followingGivesUpWhenAgentServiceStaysUnreachable() {
        scriptEnqueue();
        // FollowLog never reaches the service (as when nothing listens on its port); the unary calls do.
        ClientInterceptor refuseFollowLog = new ClientInterceptor() {
            @Override
            public <Req, Resp> ClientCall<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method,
                                                                   CallOptions options, Channel next) {
                if (!method.equals(RunServiceGrpc.getFollowLogMethod())) {
                    return next.newCall(method, options);
                }
                return new ClientCall<>() {
                    @Override
                    public void start(Listener<Resp> listener, Metadata headers) {
                        listener.onClose(Status.UNAVAILABLE.withDescription("test: connection refused"), new Metadata());
                    }

                    @Override
                    public void request(int numMessages) {
                    }

                    @Override
                    public void cancel(String message, Throwable cause) {
                    }

                    @Override
                    public void halfClose() {
                    }

                    @Override
                    public void sendMessage(Req message) {
                    }
                };
            }
        };

        Result result = runWith((service, address) -> {
            openedServices.add(service);
            return new InterceptedChannel(channel(), refuseFollowLog);
        }, "work", "x7m");

        assertEquals(7, result.exitCode(), result.toString());
        List<Duration> pauses = timing.pauses();
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
                pauses.subList(0, 4));
        assertTrue(pauses.stream().allMatch(pause -> pause.compareTo(Duration.ofSeconds(8)) <= 0), pauses.toString());
        Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofMinutes(2)) >= 0 && waited.compareTo(Duration.ofSeconds(128)) < 0,
                waited.toString());
        assertEquals("chant: cannot reach agent-service at localhost:8182 for 2 minutes; stopped following run 12, "
                        + "which goes on without chant (follow it again: chant log " + SPEC + " --follow)",
                result.errLines().get(result.errLines().size() - 1));
        assertEquals(List.of(), server.requests(RunServiceGrpc.getGetRunMethod()));
    }

    @Test
    void ctrlCStopsFollowingNotTheRunAndSaysHowToFollowAgain() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(),
                ScriptedServices.handler(RunServiceGrpc.getFollowLogMethod(), (request, observer) -> {
                    observer.onNext(LogChunk.newBuilder().setData(ByteString.copyFromUtf8("working...\n")).build());
                    interrupts.press();
                    // The stream stays open, as for a run that goes on.
                }));

        Result result = run("work", "x7m");

        assertEquals(130, result.exitCode(), result.toString());
        assertEquals(List.of("run 12 of " + SPEC + " queued (provider claude)", "working..."), result.outLines());
        assertEquals(List.of("", "chant: stopped following run 12; the run goes on (follow it again: chant log " + SPEC
                + " --follow)"), result.errLines());
        assertEquals(List.of(), server.requests(RunServiceGrpc.getCancelRunMethod()));
        assertEquals(List.of(), server.requests(RunServiceGrpc.getGetRunMethod()));
        assertTrue(!interrupts.registered(), "the Ctrl-C handler is removed");
    }

    @Test
    void theCtrlCHandlerIsOnlyRegisteredWhileFollowing() {
        scriptEnqueue();
        server.reply(RunServiceGrpc.getFollowLogMethod(),
                ScriptedServices.handler(RunServiceGrpc.getFollowLogMethod(), (request, observer) -> {
                    assertTrue(interrupts.registered());
                    observer.onCompleted();
                }));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(ended(12, RunStatus.RUN_STATUS_SUCCEEDED, "completed")));

        Result result = run("work", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(!interrupts.registered());
    }

    @Test
    void enqueueIsAskedOnceMoreWithTheSameRequestIdAfterUnavailable() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), Status.UNAVAILABLE,
                enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED)));

        Result result = run("work", "x7m", "--detach");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("12\n", result.out());
        List<EnqueueRunRequest> requests = server.requests(RunServiceGrpc.getEnqueueRunMethod());
        assertEquals(2, requests.size());
        assertEquals(requests.get(0), requests.get(1));
        assertEquals("chant: cannot reach agent-service at localhost:8182; asking once more (the same request: the run "
                + "is queued once)", result.errLines().get(0));
    }

    @Test
    void enqueueIsAskedOnlyOnceMore() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), Status.DEADLINE_EXCEEDED, Status.UNAVAILABLE,
                enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED)));

        Result result = run("work", "x7m", "--detach");

        assertEquals(7, result.exitCode(), result.toString());
        assertEquals(2, server.requests(RunServiceGrpc.getEnqueueRunMethod()).size());
        assertEquals(List.of("chant: agent-service at localhost:8182 did not answer; asking once more (the same request: "
                        + "the run is queued once)",
                "chant: cannot reach agent-service at localhost:8182 (is it running? scripts/services status)"),
                result.errLines());
    }

    @Test
    void anUnreachableAgentServiceIsReportedAsSuch() {
        env.put("CHANT_AGENT_SERVER", "agents.example:9999");

        Result result = runWith((service, address) -> service == Service.AGENT
                        ? InProcessChannelBuilder.forName("nobody-listens-here").build() : channel(),
                "work", "x7m", "--timeout", "0.2");

        assertEquals(7, result.exitCode(), result.toString());
        assertEquals("chant: cannot reach agent-service at agents.example:9999 (is it running? scripts/services status)",
                result.errLines().get(result.errLines().size() - 1));
    }

    @Test
    void aRefusedRunIsOneLineNamingAgentService() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), Status.FAILED_PRECONDITION.withDescription(
                "spec " + SPEC + " already has run 11 (running): wait for its end or cancel it (CancelRun) first"));

        Result result = run("work", "x7m");

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals(List.of("chant: agent-service at localhost:8182: spec " + SPEC + " already has run 11 (running): "
                + "wait for its end or cancel it (CancelRun) first"), result.errLines());
    }

    @Test
    void aRunTimeoutOutOfRangeIsAUsageError() {
        Result result = run("work", "x7m", "--run-timeout", "0");

        assertEquals(2, result.exitCode(), result.toString());
        assertEquals(List.of("chant: --run-timeout must be 1 to 86400 seconds, not 0"), result.errLines());
        assertEquals(List.of(), openedServices);
    }
}
