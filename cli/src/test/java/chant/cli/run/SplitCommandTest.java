package chant.cli.run;

import static chant.cli.run.RunMessages.SPEC;
import static chant.cli.run.RunMessages.aRun;
import static chant.cli.run.RunMessages.enqueued;
import static chant.cli.run.RunMessages.got;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.EnqueueRunRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import chant.v1.RenderPromptRequest;
import chant.v1.RenderPromptResponse;
import chant.v1.RunKind;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitCommandTest extends InProcessCliTest {

    private final ScriptedLog log = new ScriptedLog("chant: preparing a checkout to read\n"
            + "chant: created " + SPEC + ".1 Parse the log\n"
            + "chant: created " + SPEC + ".2 Store the entries\n");

    @Test
    void queuesASplitRunFollowsItsLogAndListsTheMembers() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED)
                .setKind(RunKind.RUN_KIND_SPLIT).setProvider("demo")));
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(12, RunStatus.RUN_STATUS_SUCCEEDED)
                .setKind(RunKind.RUN_KIND_SPLIT)));
        // spec-service lists the driver's members at any depth: only the direct ones are the split's.
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.newBuilder()
                .addSpecs(Spec.newBuilder().setId(SPEC + ".1").setTitle("Parse the log"))
                .addSpecs(Spec.newBuilder().setId(SPEC + ".1.1").setTitle("A part of a part"))
                .addSpecs(Spec.newBuilder().setId(SPEC + ".2").setTitle("Store the entries"))
                .build());

        Result result = run("split", "x7m", "--provider", "demo");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("split run 12 of " + SPEC + " queued (provider demo)\n"
                + log.text()
                + "run 12 succeeded; spec " + SPEC + " is a group of 2 members:\n"
                + "  " + SPEC + ".1  Parse the log\n"
                + "  " + SPEC + ".2  Store the entries\n", result.out());
        EnqueueRunRequest enqueue = server.requests(RunServiceGrpc.getEnqueueRunMethod()).get(0);
        assertEquals(RunKind.RUN_KIND_SPLIT, enqueue.getKind());
        assertEquals("x7m", enqueue.getSpecId());
        assertEquals("demo", enqueue.getProvider());
        assertEquals("", enqueue.getPrompt());
        ListSpecsRequest listed = server.requests(SpecServiceGrpc.getListSpecsMethod()).get(0);
        assertEquals(PROJECT, listed.getProject());
        assertEquals(SPEC, listed.getDriver());
    }

    @Test
    void aRefusedAnswerExits8WithTheReason() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED)));
        server.reply(RunServiceGrpc.getFollowLogMethod(), log.rest(0));
        server.reply(RunServiceGrpc.getGetRunMethod(), got(aRun(12, RunStatus.RUN_STATUS_FAILED)
                .setKind(RunKind.RUN_KIND_SPLIT).setEndReason(
                "the answer's members are refused: member 2 has no body")));

        Result result = run("split", "x7m");

        assertEquals(8, result.exitCode(), result.toString());
        assertEquals("run 12 failed (the answer's members are refused: member 2 has no body); spec " + SPEC
                + " was not split", result.outLines().get(result.outLines().size() - 1));
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getListSpecsMethod()));
    }

    @Test
    void aSpecThatCannotBeSplitIsOneLineAndExit5() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), Status.FAILED_PRECONDITION.withDescription(
                "spec " + SPEC + " is split already: it has members " + SPEC + ".1"));

        Result result = run("split", "x7m");

        assertEquals(5, result.exitCode(), result.toString());
        assertTrue(result.err().contains("spec " + SPEC + " is split already: it has members " + SPEC + ".1"), result.err());
    }

    @Test
    void detachPrintsTheRunIdAndReturnsAtOnce() {
        server.reply(RunServiceGrpc.getEnqueueRunMethod(), enqueued(aRun(12, RunStatus.RUN_STATUS_QUEUED)));

        Result result = run("split", "x7m", "--detach");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("12\n", result.out());
        assertEquals("split run 12 of " + SPEC + " queued (provider claude); follow it with chant log " + SPEC
                + " --follow\n", result.err());
        assertEquals(List.of(), server.requests(RunServiceGrpc.getFollowLogMethod()));
    }

    @Test
    void dryRunPrintsTheSplitPrompt() {
        server.reply(RunServiceGrpc.getRenderPromptMethod(), RenderPromptResponse.newBuilder().setTemplate("split")
                .setOrigin("built-in").setSpecId(SPEC).setSourceBranch("main").setSourceCommit("abc")
                .setText("# Split\n\n## Your answer\n").build());

        Result result = run("split", "x7m", "--dry-run");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("# Split\n\n## Your answer\n", result.out());
        RenderPromptRequest request = server.requests(RunServiceGrpc.getRenderPromptMethod()).get(0);
        assertEquals(RunKind.RUN_KIND_SPLIT, request.getKind());
        assertEquals(List.of(), server.requests(RunServiceGrpc.getEnqueueRunMethod()));
    }
}
