package chant.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.ScriptedServices;
import chant.v1.EnqueueRunRequest;
import chant.v1.EnqueueRunResponse;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.GetRunResponse;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListReadySpecsResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.LogChunk;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code chant work} on a driver, {@code --label} and {@code --chain}, against a small board of
 * specs that answers like spec-service and agent-service do: a spec is ready when it is pending or
 * failed and everything it waits for is completed (a member waits for its earlier siblings unless
 * it names its own dependencies), a run of a spec completes it or fails it as the test decided, and
 * a driver completes when its members are done.
 */
class WorkBatchCommandTest extends InProcessCliTest {

    private static final String D = "2026-01-22-001-drv";

    /** The specs, in ID order. */
    private final Map<String, Spec.Builder> board = new LinkedHashMap<>();
    /** Specs whose runs fail. */
    private final List<String> failing = new ArrayList<>();
    private final Map<Long, Run> runs = new LinkedHashMap<>();
    /** The order of what happened: "start X", "end X". */
    private final List<String> happened = Collections.synchronizedList(new ArrayList<>());
    /** In parallel mode a run is seen running this many times before it ends. */
    private int pollsBeforeEnd = 1;
    private final Map<Long, Integer> polls = new LinkedHashMap<>();
    /** Specs agent-service refuses to start, and why. */
    private final Map<String, String> refusals = new LinkedHashMap<>();
    private boolean pressCtrlCOnPoll;

    private void spec(String id, String title, SpecType type, String... labels) {
        board.put(id, Spec.newBuilder().setId(id).setProject(PROJECT).setTitle(title).setType(type)
                .setStatus(SpecStatus.SPEC_STATUS_PENDING).addAllLabels(List.of(labels)));
    }

    private void spec(String id, String title, String... labels) {
        spec(id, title, SpecType.SPEC_TYPE_CODE, labels);
    }

    @BeforeEach
    void answerLikeTheServices() {
        always(SpecServiceGrpc.getGetSpecMethod(), (GetSpecRequest r, io.grpc.stub.StreamObserver<GetSpecResponse> o) -> {
            Spec.Builder spec = board.get(r.getId());
            if (spec == null) {
                o.onError(Status.NOT_FOUND.withDescription("no spec " + r.getId()).asRuntimeException());
                return;
            }
            o.onNext(GetSpecResponse.newBuilder().setSpec(spec).build());
            o.onCompleted();
        });
        always(SpecServiceGrpc.getListSpecsMethod(), (ListSpecsRequest r, io.grpc.stub.StreamObserver<ListSpecsResponse> o) -> {
            o.onNext(ListSpecsResponse.newBuilder().addAllSpecs(board.values().stream()
                    .filter(s -> s.getId().startsWith(r.getDriver() + ".")).map(Spec.Builder::build).toList()).build());
            o.onCompleted();
        });
        always(SpecLifecycleServiceGrpc.getListReadySpecsMethod(),
                (ListReadySpecsRequest r, io.grpc.stub.StreamObserver<ListReadySpecsResponse> o) -> {
                    o.onNext(ListReadySpecsResponse.newBuilder().addAllSpecs(board.values().stream()
                            .filter(s -> r.getDriver().isEmpty() || s.getId().startsWith(r.getDriver() + "."))
                            .filter(s -> r.getLabelsList().isEmpty() || s.getLabelsList().stream()
                                    .anyMatch(r.getLabelsList()::contains))
                            .filter(this::ready).map(Spec.Builder::build).toList()).build());
                    o.onCompleted();
                });
        always(SpecLifecycleServiceGrpc.getTransitionSpecMethod(),
                (TransitionSpecRequest r, io.grpc.stub.StreamObserver<TransitionSpecResponse> o) -> {
                    board.get(r.getId()).setStatus(r.getTo());
                    happened.add("driver " + r.getTo() + ": " + r.getReason());
                    o.onNext(TransitionSpecResponse.newBuilder().setSpec(board.get(r.getId())).build());
                    o.onCompleted();
                });
        always(RunServiceGrpc.getEnqueueRunMethod(), (EnqueueRunRequest r, io.grpc.stub.StreamObserver<EnqueueRunResponse> o) -> {
            Spec.Builder spec = board.get(r.getSpecId());
            if (refusals.containsKey(r.getSpecId())) {
                o.onError(Status.FAILED_PRECONDITION.withDescription(refusals.get(r.getSpecId())).asRuntimeException());
                return;
            }
            if (!ready(spec)) {
                o.onError(Status.FAILED_PRECONDITION.withDescription("spec " + r.getSpecId() + " is not ready")
                        .asRuntimeException());
                return;
            }
            spec.setStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS);
            Run run = RunMessages.aRun(runs.size() + 1, RunStatus.RUN_STATUS_QUEUED).setSpecId(r.getSpecId())
                    .setProvider(r.getProvider()).build();
            runs.put(run.getId(), run);
            happened.add("start " + r.getSpecId());
            o.onNext(EnqueueRunResponse.newBuilder().setRun(run).build());
            o.onCompleted();
        });
        always(RunServiceGrpc.getFollowLogMethod(), (FollowLogRequest r, io.grpc.stub.StreamObserver<LogChunk> o) -> {
            end(r.getRunId());
            o.onNext(LogChunk.newBuilder().setData(ByteString.copyFrom("[demo agent] working on "
                    + runs.get(r.getRunId()).getSpecId() + "\n", StandardCharsets.UTF_8)).build());
            o.onCompleted();
        });
        always(RunServiceGrpc.getGetRunMethod(), (GetRunRequest r, io.grpc.stub.StreamObserver<GetRunResponse> o) -> {
            if (pressCtrlCOnPoll) {
                interrupts.press();
            }
            int seen = polls.merge(r.getRunId(), 1, Integer::sum);
            if (seen > pollsBeforeEnd) {
                end(r.getRunId());
            }
            o.onNext(GetRunResponse.newBuilder().setRun(runs.get(r.getRunId())).build());
            o.onCompleted();
        });
    }

    /** Ends a run (once) as the test decided, and its spec with it; a driver follows its members. */
    private synchronized void end(long runId) {
        Run run = runs.get(runId);
        if (!RunText.active(run)) {
            return;
        }
        boolean fails = failing.contains(run.getSpecId());
        SpecStatus after = fails ? SpecStatus.SPEC_STATUS_FAILED : SpecStatus.SPEC_STATUS_COMPLETED;
        board.get(run.getSpecId()).setStatus(after);
        runs.put(runId, RunMessages.ended(runId, fails ? RunStatus.RUN_STATUS_FAILED : RunStatus.RUN_STATUS_SUCCEEDED,
                fails ? "failed" : "completed").setSpecId(run.getSpecId()).setEndReason(fails ? "the agent failed" : "")
                .build());
        happened.add("end " + run.getSpecId());
        board.values().stream().filter(s -> board.keySet().stream().anyMatch(id -> id.startsWith(s.getId() + ".")))
                .filter(driver -> board.values().stream().filter(m -> m.getId().startsWith(driver.getId() + "."))
                        .allMatch(m -> m.getStatus() == SpecStatus.SPEC_STATUS_COMPLETED))
                .forEach(driver -> driver.setStatus(SpecStatus.SPEC_STATUS_COMPLETED));
    }

    private boolean ready(Spec.Builder spec) {
        if (spec.getStatus() != SpecStatus.SPEC_STATUS_PENDING && spec.getStatus() != SpecStatus.SPEC_STATUS_FAILED) {
            return false;
        }
        List<String> waitsFor = new ArrayList<>(spec.getDependsOnList());
        int dot = spec.getId().lastIndexOf('.');
        if (waitsFor.isEmpty() && dot > 0) {
            String driver = spec.getId().substring(0, dot);
            int number = Integer.parseInt(spec.getId().substring(dot + 1));
            for (int earlier = 1; earlier < number; earlier++) {
                waitsFor.add(driver + "." + earlier);
            }
        }
        return waitsFor.stream().allMatch(id -> board.get(id).getStatus() == SpecStatus.SPEC_STATUS_COMPLETED);
    }

    private <Req, Resp> void always(MethodDescriptor<Req, Resp> method, ScriptedServices.Handler<Req, Resp> handler) {
        for (int i = 0; i < 100; i++) {
            server.reply(method, handler);
        }
    }

    private void driverWithThreeMembers() {
        spec(D, "Fix the storage layer", SpecType.SPEC_TYPE_DRIVER);
        spec(D + ".1", "Primary write path");
        spec(D + ".2", "Batch operations");
        spec(D + ".3", "Compaction");
    }

    @Test
    void aDriversMembersAreWorkedInOrderWithTheirLogsAndTheDriverCompletes() {
        driverWithThreeMembers();

        Result result = run("work", D, "--provider", "demo");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("start " + D + ".1", "end " + D + ".1", "start " + D + ".2", "end " + D + ".2",
                "start " + D + ".3", "end " + D + ".3"), happened);
        String out = result.out();
        assertTrue(out.startsWith("driver " + D + " (Fix the storage layer): 3 members, 0 completed or cancelled\n"), out);
        assertTrue(out.contains("== run 2 of " + D + ".2: Batch operations\n"
                + "run 2 of " + D + ".2 queued (provider demo)\n"
                + "[demo agent] working on " + D + ".2\n"
                + "run 2 succeeded; spec " + D + ".2 is completed\n"), out);
        assertTrue(out.endsWith("worked 3 specs: 3 completed\ndriver " + D + " is completed\n"), out);
        assertTrue(server.requests(RunServiceGrpc.getEnqueueRunMethod()).stream()
                .allMatch(r -> r.getProvider().equals("demo")), "every run with the command's options");
    }

    @Test
    void oneAtATimeTheFirstMemberThatFailsStopsTheBatchAndFailsTheDriver() {
        driverWithThreeMembers();
        failing.add(D + ".2");

        Result result = run("work", D);

        assertEquals(8, result.exitCode(), result.toString());
        assertEquals(List.of("start " + D + ".1", "end " + D + ".1", "start " + D + ".2", "end " + D + ".2",
                "driver SPEC_STATUS_FAILED: member " + D + ".2 did not complete (run 2 of spec " + D + ".2)"), happened);
        assertTrue(result.out().contains("run 2 failed (the agent failed); spec " + D + ".2 is failed\n"), result.out());
        assertTrue(result.out().endsWith("worked 2 specs: 1 completed, 1 not: " + D + ".2\n"
                + "driver " + D + " is failed: member " + D + ".2 did not complete; chant work " + D
                + " again goes on from there\n"), result.out());
    }

    @Test
    void workingAFailedDriverAgainGoesOnFromItsFailedMember() {
        driverWithThreeMembers();
        board.get(D).setStatus(SpecStatus.SPEC_STATUS_FAILED);
        board.get(D + ".1").setStatus(SpecStatus.SPEC_STATUS_COMPLETED);
        board.get(D + ".2").setStatus(SpecStatus.SPEC_STATUS_FAILED);

        Result result = run("work", D);

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("start " + D + ".2", "end " + D + ".2", "start " + D + ".3", "end " + D + ".3"), happened);
        assertTrue(result.out().startsWith("driver " + D + " (Fix the storage layer): 3 members, 1 completed or "
                + "cancelled\n"), result.out());
    }

    @Test
    void inParallelIndependentMembersRunAtOnceAndAFailureDoesNotStopTheOthers() {
        spec(D, "Fix the storage layer", SpecType.SPEC_TYPE_GROUP);
        // Members that name their own dependencies do not wait for their siblings: all three at once.
        for (int i = 1; i <= 3; i++) {
            spec(D + "." + i, "Part " + i);
            board.get(D + "." + i).addDependsOn(D + ".0");
        }
        spec(D + ".0", "Already done");
        board.get(D + ".0").setStatus(SpecStatus.SPEC_STATUS_COMPLETED);
        failing.add(D + ".1");
        pollsBeforeEnd = 2;

        Result result = run("work", D, "--parallel", "2");

        assertEquals(8, result.exitCode(), result.toString());
        assertEquals(List.of("start " + D + ".1", "start " + D + ".2"), happened.subList(0, 2),
                "two runs go at once: " + happened);
        assertTrue(happened.contains("start " + D + ".3"), "the failure of .1 did not stop .3: " + happened);
        assertTrue(happened.stream().noneMatch(h -> h.startsWith("driver")), "in parallel the driver is not failed");
        assertTrue(result.out().contains("started run 1 of " + D + ".1 (provider claude); its log: chant log " + D
                + ".1 --follow\n"), result.out());
        assertTrue(result.out().contains("run 1 failed (the agent failed); spec " + D + ".1 is failed\n"), result.out());
        assertTrue(result.out().contains("worked 3 specs: 2 completed, 1 not: " + D + ".1\n"), result.out());
    }

    @Test
    void ctrlCWhileWorkingInParallelStopsFollowingAndSaysTheRunsGoOn() {
        spec(D, "Group", SpecType.SPEC_TYPE_GROUP);
        spec(D + ".1", "Part 1");
        pollsBeforeEnd = 1000;
        pressCtrlCOnPoll = true;

        Result result = run("work", D, "--parallel", "4");

        assertEquals(130, result.exitCode(), result.toString());
        assertEquals(List.of("start " + D + ".1"), happened);
        assertTrue(result.err().contains("chant: stopped following; the runs go on (see them with chant runs --status "
                + "running)"), result.err());
    }

    @Test
    void aMemberThatCannotStartIsNamedAndExits5() {
        driverWithThreeMembers();
        board.get(D + ".2").addDependsOn("2026-01-22-002-ext");
        spec("2026-01-22-002-ext", "Something else first");
        board.get("2026-01-22-002-ext").setStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS);

        Result result = run("work", D);

        assertEquals(5, result.exitCode(), result.toString());
        assertEquals(List.of("start " + D + ".1", "end " + D + ".1"), happened);
        assertTrue(result.out().endsWith("2 members are not done and not ready: " + D + ".2 (pending), " + D
                + ".3 (pending); see why with chant blockers ID\n"), result.out());
    }

    @Test
    void labelWorksTheLabelledSpecsReadyNowAndLeavesDriversToTheirMembers() {
        spec("2026-01-22-003-aaa", "Triage", "bug-7");
        spec("2026-01-22-004-bbb", "Reproduce", "bug-7");
        board.get("2026-01-22-004-bbb").addDependsOn("2026-01-22-003-aaa");
        spec("2026-01-22-005-ccc", "Unrelated", "other");
        spec("2026-01-22-006-ddd", "A labelled driver", SpecType.SPEC_TYPE_DRIVER, "bug-7");

        Result result = run("work", "--label", "bug-7");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("start 2026-01-22-003-aaa", "end 2026-01-22-003-aaa"), happened,
                "only what was ready at the start: the reproduction became ready later");
        assertTrue(result.out().startsWith("1 ready spec labelled bug-7: 2026-01-22-003-aaa\n"), result.out());
    }

    @Test
    void chainKeepsTakingTheNextReadySpecUpToChainMax() {
        spec("2026-01-22-003-aaa", "Triage", "bug-7");
        spec("2026-01-22-004-bbb", "Reproduce", "bug-7");
        board.get("2026-01-22-004-bbb").addDependsOn("2026-01-22-003-aaa");
        spec("2026-01-22-005-ccc", "Root cause", "bug-7");
        board.get("2026-01-22-005-ccc").addDependsOn("2026-01-22-004-bbb");

        Result all = run("work", "--chain", "--label", "bug-7");

        assertEquals(0, all.exitCode(), all.toString());
        assertEquals(List.of("start 2026-01-22-003-aaa", "end 2026-01-22-003-aaa", "start 2026-01-22-004-bbb",
                "end 2026-01-22-004-bbb", "start 2026-01-22-005-ccc", "end 2026-01-22-005-ccc"), happened);
        assertTrue(all.out().endsWith("worked 3 specs: 3 completed\n"), all.out());

        happened.clear();
        board.values().forEach(s -> s.setStatus(SpecStatus.SPEC_STATUS_PENDING));
        Result two = run("work", "--chain", "--chain-max", "2");

        assertEquals(0, two.exitCode(), two.toString());
        assertEquals(List.of("start 2026-01-22-003-aaa", "end 2026-01-22-003-aaa", "start 2026-01-22-004-bbb",
                "end 2026-01-22-004-bbb"), happened);
    }

    @Test
    void aSpecAgentServiceRefusesIsSkippedWithTheReason() {
        spec("2026-01-22-003-aaa", "Triage", "bug-7");
        spec("2026-01-22-004-bbb", "Docs", "bug-7");
        refusals.put("2026-01-22-003-aaa",
                "spec 2026-01-22-003-aaa already has run 3 (running): wait for its end or cancel it (CancelRun) first");

        Result result = run("work", "--label", "bug-7");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("skipped spec 2026-01-22-003-aaa: spec 2026-01-22-003-aaa already has run 3 "
                + "(running): wait for its end or cancel it (CancelRun) first\n"), result.out());
        assertTrue(result.out().endsWith("worked 1 spec: 1 completed; 1 skipped\n"), result.out());
    }

    @Test
    void nothingReadyIsSaidAndExits0() {
        spec("2026-01-22-003-aaa", "Done already", "bug-7");
        board.get("2026-01-22-003-aaa").setStatus(SpecStatus.SPEC_STATUS_COMPLETED);

        Result result = run("work", "--label", "bug-7");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("no ready spec labelled bug-7 to work\n", result.out());
    }

    @Test
    void wrongCombinationsAreUsageErrorsBeforeAnyCall() {
        Map<List<String>, String> wrong = new LinkedHashMap<>();
        wrong.put(List.of("work"), "name the spec to work (chant work ID), or --label LABEL, or --chain");
        wrong.put(List.of("work", "x7m", "--label", "a"), "name one spec or use --label/--chain, not both");
        wrong.put(List.of("work", "--label", "a", "--detach"),
                "--detach starts one run; --label and --chain follow their runs to the end: leave out --detach");
        wrong.put(List.of("work", "--label", "a", "--chain-max", "3"), "--chain-max goes with --chain");
        wrong.put(List.of("work", "--chain", "--chain-max", "0"), "--chain-max must be at least 1, not 0");
        wrong.put(List.of("work", "--chain", "--parallel", "0"), "--parallel must be 1 to 64, not 0");
        for (var entry : wrong.entrySet()) {
            Result result = run(entry.getKey().toArray(String[]::new));
            assertEquals(2, result.exitCode(), entry.getKey() + ": " + result);
            assertEquals(List.of("chant: " + entry.getValue()), result.errLines(), entry.getKey().toString());
        }
        assertEquals(Set.of(), Set.copyOf(calls), "nothing was asked of the services");
    }

    @Test
    void aDriverIsNotDetachedAndParallelNeedsSeveralSpecs() {
        driverWithThreeMembers();
        spec("2026-01-22-003-aaa", "Single");

        Result detached = run("work", D, "--detach");
        Result parallelSingle = run("work", "2026-01-22-003-aaa", "--parallel", "2");

        assertEquals(2, detached.exitCode(), detached.toString());
        assertEquals(List.of("chant: " + D + " is a driver with 3 members, which chant work follows one after another: "
                + "leave out --detach"), detached.errLines());
        assertEquals(2, parallelSingle.exitCode(), parallelSingle.toString());
        assertEquals(List.of("chant: --parallel works several specs (the members of a driver, --label, --chain), and "
                + "2026-01-22-003-aaa has no members"), parallelSingle.errLines());
        assertEquals(List.of(), happened, "no run was started");
    }
}
