package chant.agent.runner;

import static chant.agent.testing.GitRepositories.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.ClaimRunResponse;
import chant.v1.ListRunsRequest;
import chant.v1.Run;
import chant.v1.RunKind;
import chant.v1.RunStatus;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * Split runs end to end: the runner, the demo agent in the real sandbox answering with members, the
 * scripted spec-service creating them. A split changes no branch and leaves the spec pending; a
 * retried attempt creates no member twice; a bad answer fails the run naming what was wrong.
 */
@QuarkusTest
class SplitRunTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-003-s9t";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ScriptedSpecService specService = ScriptedSpecServiceResource.server();

    @TempDir
    Path dir;

    private static String answering(String json) {
        return """
                Split the kv store work.

                ````chant-demo
                write scratch.txt
                the agent may scribble; nothing of it is kept
                end
                answer
                Here are the members.

                ```json
                %s
                ```
                end
                ````
                """.formatted(json);
    }

    @Test
    void theMembersAreCreatedOnceAlsoWhenTheFirstAttemptFailsAfterCreatingThem() throws Exception {
        String project = newProject();
        Path remote = GitRepositories.remoteWithMain(dir);
        specService.setRepository(project, remote.toString());
        specService.setBody(project, SPEC, answering("""
                {"members": [
                  {"title": "Parse the log", "body": "Parse it.\\n\\n## Acceptance Criteria\\n\\n- [ ] parsed",
                   "target_files": ["src/Parse.java"]},
                  {"title": "Store the entries", "body": "Store them.", "target_files": ["src/Store.java"]},
                  {"title": "Wire it up", "body": "Wire.", "depends_on": [1, 2]}
                ]}"""));
        Path workRoot = dir.resolve("work");

        Run run = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_SPLIT));
        assertEquals(RunKind.RUN_KIND_SPLIT, run.getKind());
        assertEquals("split", run.getPrompt());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, specService.spec(project, SPEC).getStatus(), "a split starts no work");

        // The first attempt creates the members, then spec-service goes away before the spec becomes a group.
        specService.failNextUpdates(1);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        assertEquals(Runner.DONE, runner(claim("runner-1"), workRoot, first), first.toString(StandardCharsets.UTF_8));
        Run retried = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_QUEUED, retried.getStatus(), first.toString(StandardCharsets.UTF_8));
        assertEquals(2, retried.getAttempt());
        assertEquals(4, specService.specsOf(project).size(), "the first attempt created three members");
        assertTrue(retried.getSplitPlan().contains("\"title\":\"Wire it up\""), retried.getSplitPlan());
        // Whatever the agent would answer now, the second attempt creates the members the first one checked.
        specService.setBody(project, SPEC, answering("""
                {"members": [{"title": "Something else entirely", "body": "b"}]}"""));

        AtomicReference<ClaimRunResponse> second = new AtomicReference<>();
        await().atMost(DEADLINE).until(() -> {
            second.set(claim("runner-2"));
            return second.get().getClaimed();
        });
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(Runner.DONE, runner(second.get(), workRoot, output));
        String printed = output.toString(StandardCharsets.UTF_8);

        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, ended.getStatus(), printed);
        assertEquals("split " + SPEC + " into 3 members: " + SPEC + ".1 Parse the log; " + SPEC + ".2 Store the entries; "
                + SPEC + ".3 Wire it up", ended.getEndReason());
        assertEquals("", ended.getSpecDelivery(), "a split delivers no result to its spec");
        List<Spec> specs = specService.specsOf(project);
        assertEquals(List.of(SPEC, SPEC + ".1", SPEC + ".2", SPEC + ".3"), specs.stream().map(Spec::getId).toList(),
                "each member once, though both attempts created them");
        assertEquals(6, specService.creates().stream().filter(c -> c.getProject().equals(project)).count());
        Spec parent = specService.spec(project, SPEC);
        assertEquals(SpecType.SPEC_TYPE_GROUP, parent.getType());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, parent.getStatus());
        assertEquals(List.of(SPEC + ".1", SPEC + ".2", SPEC + ".3"), specService.membersOf(project, SPEC));
        Spec wire = specService.spec(project, SPEC + ".3");
        assertEquals(List.of(SPEC + ".1", SPEC + ".2"), wire.getDependsOnList());
        Spec parse = specService.spec(project, SPEC + ".1");
        assertEquals("Parse it.\n\n## Acceptance Criteria\n\n- [ ] parsed", parse.getBody());
        assertEquals(List.of("src/Parse.java"), parse.getTargetFilesList());
        assertEquals("", git(remote, "branch", "--list", "chant/*").strip(), "a split pushes nothing");
        assertFalse(Files.exists(workRoot.resolve("chant-" + project + "-" + SPEC)), "the checkout is removed");
        assertTrue(printed.contains("chant: created " + SPEC + ".3 Wire it up (depends on " + SPEC + ".1, " + SPEC + ".2)"),
                printed);
        assertTrue(printed.contains("chant: an earlier attempt recorded the agent's 3 members: creating those (the agent"
                + " is not asked again)"), printed);
        assertFalse(printed.contains("[demo agent]"), printed);
    }

    @Test
    void theFirstRecordedPlanStaysAndOnlyTheLeaseHolderRecords() {
        String project = newProject();
        Run split = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_SPLIT));
        ClaimRunResponse claim = claim("runner-1");
        long epoch = claim.getLease().getEpoch();

        assertEquals("{\"members\":[1]}", record(split.getId(), epoch, "{\"members\":[1]}"));
        assertEquals("{\"members\":[1]}", record(split.getId(), epoch, "{\"members\":[2]}"), "the first plan stays");
        assertStatus(Status.Code.ABORTED, () -> record(split.getId(), epoch + 1, "{}"));
        assertEquals("plan is required: the split's members as JSON",
                assertStatus(Status.Code.INVALID_ARGUMENT, () -> record(split.getId(), epoch, " ")));
        assertEquals("{\"members\":[1]}", get(split.getId()).getSplitPlan());

        Run work = enqueue(project, "work-spec", r -> r.setProvider("demo"));
        ClaimRunResponse workClaim = claim("runner-2");
        assertEquals(work.getId(), workClaim.getRun().getId());
        assertTrue(assertStatus(Status.Code.FAILED_PRECONDITION, () -> record(work.getId(),
                workClaim.getLease().getEpoch(), "{}")).endsWith("is no split run: only a split run has a plan"));
    }

    private void createMember(String project, String driver) {
        io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress("localhost", specService.port())
                .usePlaintext().build();
        try {
            // The scripted spec-service serves agent-service's token (and runners'): set-up goes through it as that.
            chant.support.testing.GrpcAssertions.withToken(chant.v1.SpecServiceGrpc.newBlockingStub(channel),
                    chant.support.testing.TestTokens.shared().service("agent-service")).createSpec(chant.v1.CreateSpecRequest.newBuilder()
                    .setProject(project).setDriver(driver).setTitle("An earlier member").build());
        } finally {
            channel.shutdownNow();
        }
    }

    private String record(long runId, long epoch, String plan) {
        return runnerOf(runId).recordSplitPlan(chant.v1.RecordSplitPlanRequest.newBuilder().setRunId(runId).setEpoch(epoch)
                .setPlan(plan).build()).getPlan();
    }

    @Test
    void anAnswerWithACycleFailsTheRunAndCreatesNothing() throws Exception {
        String project = newProject();
        specService.setRepository(project, GitRepositories.remoteWithMain(dir).toString());
        specService.setBody(project, SPEC, answering("""
                {"members": [{"title": "A", "body": "a", "depends_on": [2]}, {"title": "B", "body": "b", "depends_on": [1]}]}"""));

        Run run = enqueue(project, SPEC, r -> r.setProvider("demo").setKind(RunKind.RUN_KIND_SPLIT));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(Runner.DONE, runner(claim("runner-1"), dir.resolve("work"), output));

        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_FAILED, ended.getStatus(), output.toString(StandardCharsets.UTF_8));
        assertEquals("the answer's members are refused: the dependencies form a cycle: member 1 -> 2 -> 1 (each waits"
                + " for the next)", ended.getEndReason());
        assertEquals(1, specService.specsOf(project).size(), "no member was created");
        assertEquals(SpecType.SPEC_TYPE_UNSPECIFIED, specService.spec(project, SPEC).getType());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, specService.spec(project, SPEC).getStatus());
    }

    @Test
    void onlyAPendingSpecWithoutMembersIsSplit() {
        String project = newProject();
        specService.spec(project, "driver");
        createMember(project, "driver");
        specService.setStatus(project, "in-progress", SpecStatus.SPEC_STATUS_IN_PROGRESS);
        specService.setType(project, "a-group", SpecType.SPEC_TYPE_GROUP);

        assertEquals("spec in-progress is in_progress: only a pending spec is split", assertStatus(
                Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "in-progress",
                        r -> r.setKind(RunKind.RUN_KIND_SPLIT))));
        assertEquals("spec a-group is a group already: only a spec that is no group is split", assertStatus(
                Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "a-group", r -> r.setKind(RunKind.RUN_KIND_SPLIT))));
        assertEquals("spec driver is split already: it has members driver.1", assertStatus(
                Status.Code.FAILED_PRECONDITION, () -> enqueue(project, "driver", r -> r.setKind(RunKind.RUN_KIND_SPLIT))));
        assertEquals("prompt `triage` cannot be given for a split run: it uses the template split (a repository changes"
                + " it with .chant/prompts/split.md)", assertStatus(Status.Code.INVALID_ARGUMENT,
                        () -> enqueue(project, SPEC, r -> r.setKind(RunKind.RUN_KIND_SPLIT).setPrompt("triage"))));
        assertEquals(0, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount());
    }

    private int runner(ClaimRunResponse claim, Path workRoot, ByteArrayOutputStream output) {
        return InProcessRunner.run(claim, InProcessRunner.testAgentServer(), "localhost:" + specService.port(), workRoot,
                Map.of(), Duration.ofSeconds(10), new PrintStream(output, true, StandardCharsets.UTF_8));
    }

}
