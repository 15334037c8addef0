package chant.system;

import chant.support.testing.GrpcAssertions;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.ServiceProcess;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.GetSpecRequest;
import chant.v1.ListRunsRequest;
import chant.v1.LogChunk;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A run end to end with real processes: spec-service, agent-service with its local backend, the
 * runner processes it starts, the demo agent in the sandbox, and a bare git repository as the
 * project's remote. Then the crashes: spec-service away when the run ends, agent-service killed
 * (SIGKILL) and restarted in the middle of a run, the runner killed (SIGKILL) in the middle of a run.
 * And a spec that is not ready is refused without storing a run.
 */
class RunLifecycleSystemTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Short, so that a dead runner is noticed quickly (a restarted agent-service gives its runners one lease to report again). */
    private static final int LEASE_SECONDS = 6;
    private static final String USER = "lifecycle-test";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    /** Started by {@link #startAgentService()}: it must know spec-service's port, which is chosen when that starts. */
    private static final ServiceProcess AGENT_SERVICE = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");

    /** Keeps the temporary files (work root, runners' output, remotes) of a class with a failed test. */
    @RegisterExtension
    static final TestWatcher FAILURES = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    private static volatile boolean failed;
    private static Path root;
    private static Path workRoot;
    private static boolean specServiceUp = true;
    private static boolean agentServiceUp;
    private static ManagedChannel specChannel;
    private static ManagedChannel agentChannel;

    @BeforeAll
    static void startAgentService() throws Exception {
        root = Files.createTempDirectory("chant-run-lifecycle-");
        workRoot = root.resolve("work");
        AGENT_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_LOCAL_BACKEND", "true")
                .with("CHANT_AGENT_WORK_ROOT", workRoot.toString())
                .with("CHANT_AGENT_LEASE_SECONDS", String.valueOf(LEASE_SECONDS))
                .with("CHANT_AGENT_SWEEP_INTERVAL", "1s")
                .with("CHANT_AGENT_RETRY_BACKOFF_SECONDS", "1")
                .with("CHANT_AGENT_MAX_ATTEMPTS", "3");
        AGENT_SERVICE.beforeAll(null);
        agentServiceUp = true;
        specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        agentChannel = Channels.plaintext(ServiceAddress.parse(AGENT_SERVICE.address(), 8182));
    }

    @AfterAll
    static void stopAgentService() throws Exception {
        if (specChannel != null) {
            specChannel.shutdownNow();
        }
        if (agentChannel != null) {
            agentChannel.shutdownNow();
        }
        AGENT_SERVICE.afterAll(null);
        if (root != null && failed) {
            System.out.println("a test failed: its files (the work root with the runners' output, the remotes) stay in " + root);
        } else if (root != null) {
            deleteTree(root);
        }
    }

    /** Every test starts with both services up, whatever an earlier test left. */
    @BeforeEach
    void bothServicesUp() throws Exception {
        if (!specServiceUp) {
            SPEC_SERVICE.start();
            specServiceUp = true;
        }
        if (!agentServiceUp) {
            AGENT_SERVICE.start();
            agentServiceUp = true;
            reconnectAgentService();
        }
    }

    @Test
    void aRunWorksItsSpecFromCheckoutToPushedBranchAndCompletesIt() throws Exception {
        Fixture f = fixture("happy");
        String id = f.spec("Greet the world", """
                The demo agent writes the greeting and ticks the criterion.

                ```chant-demo
                write notes/hello.txt
                hello from the demo agent
                end
                check all
                commit greet the world
                ```

                ## Acceptance Criteria

                - [ ] notes/hello.txt holds the greeting
                """);

        long runId = f.enqueue(id).getId();
        Run run = awaitEnd(runId);

        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus(), describe(run));
        assertEquals(1, run.getAttempt());
        String branch = "chant/" + id;
        String pushed = LocalGit.run(f.remote, "rev-parse", "refs/heads/" + branch).strip();
        assertEquals(pushed, run.getHeadCommit(), "the run's head commit is the pushed branch");
        assertEquals("hello from the demo agent\n", LocalGit.run(f.remote, "show", branch + ":notes/hello.txt"));
        List<String> commits = List.of(LocalGit.run(f.remote, "rev-list", "--reverse", "main.." + branch).strip().split("\n"));
        assertEquals(1, commits.size());
        assertEquals("", LocalGit.run(f.remote, "ls-tree", "-r", "--name-only", branch, ".chant").strip(),
                "the spec file the runner wrote into the checkout is not committed");

        Spec spec = awaitSpec(f, id, SpecStatus.SPEC_STATUS_COMPLETED);
        assertEquals(branch, spec.getBranch());
        assertEquals(commits, spec.getCommitsList());
        assertEquals(1, spec.getCriteriaTotal());
        assertEquals(1, spec.getCriteriaChecked());
        assertTrue(spec.getBody().contains("- [x] notes/hello.txt holds the greeting"), spec.getBody());
        assertTrue(spec.getBody().contains("\n## Agent Output\n"), spec.getBody());
        assertFalse(spec.getCompletedAt().isEmpty());
        Run delivered = awaitRun(runId, r -> r.getSpecDelivery().equals("delivered"));
        assertEquals("completed", delivered.getSpecStatusAfter());

        String log = log(runId);
        assertTrue(log.contains("chant: run " + runId + " (attempt 1) of spec " + id), log);
        assertTrue(log.contains("chant: preparing the checkout\n"), log);
        assertTrue(log.contains("chant: starting the agent (demo)\n"), log);
        assertTrue(log.contains("[demo agent] following .chant/specs/" + id + ".md: 3 instructions"), log);
        assertTrue(log.contains("[demo agent] finished: success"), log);
        assertTrue(log.contains("chant: pushed 1 commit to " + branch + "\n"), log);
        assertTrue(log.contains("chant: the spec goes to completed"), log);
        assertEveryLineIsTheRunnersOrTheAgents(log);
        assertFalse(Files.exists(f.checkout(id)), "the checkout is removed once its work is pushed");
    }

    @Test
    void aResultWaitsWhileSpecServiceIsAwayAndIsDeliveredWhenItIsBack() throws Exception {
        Fixture f = fixture("outage");
        String id = f.spec("Finish while spec-service is away", """
                ```chant-demo
                sleep 5
                write notes/late.txt
                written while spec-service was away
                end
                check all
                commit written while spec-service was away
                ```

                ## Acceptance Criteria

                - [ ] notes/late.txt is written
                """);

        long runId = f.enqueue(id).getId();
        awaitLog(runId, ": sleeping 5 s");
        SPEC_SERVICE.stop();
        specServiceUp = false;

        Run run = awaitEnd(runId);
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus(), "the runner had the spec already: " + describe(run));
        assertEquals("pending", run.getSpecDelivery(), "the result waits for spec-service");
        assertEquals("written while spec-service was away\n", LocalGit.run(f.remote, "show", "chant/" + id + ":notes/late.txt"));

        SPEC_SERVICE.start();
        specServiceUp = true;
        Spec spec = awaitSpec(f, id, SpecStatus.SPEC_STATUS_COMPLETED);
        assertEquals("chant/" + id, spec.getBranch());
        assertEquals(1, spec.getCriteriaChecked());
        assertEquals("completed", awaitRun(runId, r -> r.getSpecDelivery().equals("delivered")).getSpecStatusAfter());
    }

    @Test
    void aRunnerOutlivesAKilledAgentServiceAndItsWholeLogIsKept() throws Exception {
        Fixture f = fixture("restart");
        String id = f.spec("Outlive a restart", """
                ```chant-demo
                write notes/before.txt
                written before agent-service was killed
                end
                sleep 8
                write notes/after.txt
                written after agent-service was back
                end
                check all
                commit written across a restart of agent-service
                ```

                ## Acceptance Criteria

                - [ ] both notes are written
                """);

        long runId = f.enqueue(id).getId();
        awaitLog(runId, ": sleeping 8 s");
        Instant killed = Instant.now();
        AGENT_SERVICE.kill();
        agentServiceUp = false;
        AGENT_SERVICE.start();
        agentServiceUp = true;
        reconnectAgentService();
        System.out.printf("agent-service was back %d ms after it was killed%n", Duration.between(killed, Instant.now()).toMillis());

        Run run = awaitEnd(runId);
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus(), describe(run));
        assertEquals(1, run.getAttempt(), "the same runner finished the run: " + describe(run));
        assertEquals(1, run.getLeaseEpoch(), "the run was never claimed again: " + describe(run));
        assertEquals("", run.getRetryReason());
        awaitSpec(f, id, SpecStatus.SPEC_STATUS_COMPLETED);

        String log = log(runId);
        int before = log.indexOf(": wrote notes/before.txt");
        int sleeping = log.indexOf(": sleeping 8 s");
        int after = log.indexOf(": wrote notes/after.txt");
        int end = log.indexOf("chant: the spec goes to completed");
        assertTrue(0 <= before && before < sleeping && sleeping < after && after < end, log);
        assertEveryLineIsTheRunnersOrTheAgents(log);
        assertNoLineTwice(log);
        // The runner echoes every line it logs into its own output file: the stored log is exactly that, in order.
        String runnerOutput = Files.readString(workRoot.resolve("runners").resolve("run-" + runId + "-1.log"));
        assertEquals(logLinesOf(runnerOutput), log, "the stored log is every line the runner logged, once, in order");
    }

    @Test
    void aKilledRunnerIsNoticedAndItsRunRetriedUntilItSucceeds() throws Exception {
        Fixture f = fixture("runner-kill");
        String id = f.spec("Survive a killed runner", """
                ```chant-demo
                write notes/retried.txt
                written by the attempt that finished
                end
                sleep 12
                check all
                commit written by a retried run
                ```

                ## Acceptance Criteria

                - [ ] notes/retried.txt is written
                """);

        long runId = f.enqueue(id).getId();
        awaitLog(runId, ": sleeping 12 s");
        ProcessHandle runner = RunnerProcessesOnHost.runnerOf(runId, AGENT_SERVICE.address())
                .orElseThrow(() -> new AssertionError("no runner process of run " + runId));
        List<ProcessHandle> agentProcesses = runner.descendants().toList();
        assertFalse(agentProcesses.isEmpty(), "the runner's agent (bwrap and the demo agent's JVM) runs");
        Instant killed = Instant.now();
        assertTrue(runner.destroyForcibly());
        await().atMost(DEADLINE).until(() -> !runner.isAlive());
        // Its agent ended with it, long before it would have woken (12 s) and committed in the checkout
        // the next attempt moves aside. (The bound is loose so that a loaded machine does not matter.)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(agentProcesses.stream().noneMatch(ProcessHandle::isAlive),
                "the dead runner's agent ended with it: " + agentProcesses.stream().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()));

        Run retried = awaitRun(runId, r -> r.getAttempt() == 2);
        Duration noticed = Duration.between(killed, Instant.now());
        System.out.printf("the killed runner of run %d was noticed after %d ms%n", runId, noticed.toMillis());
        assertTrue(noticed.compareTo(Duration.ofMinutes(1)) < 0, "a killed runner is noticed within a minute (issue 7);"
                + " noticed after " + noticed);
        assertTrue(retried.getRetryReason().startsWith("attempt 1 was lost: the lease of runner "), retried.getRetryReason());
        assertTrue(retried.getRetryReason().contains("without a heartbeat"), retried.getRetryReason());

        Run run = awaitEnd(runId);
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus(), describe(run));
        assertEquals(2, run.getAttempt());
        assertEquals(2, run.getLeaseEpoch());
        Spec spec = awaitSpec(f, id, SpecStatus.SPEC_STATUS_COMPLETED);
        assertEquals(1, spec.getCommitsCount());
        assertEquals("written by the attempt that finished\n",
                LocalGit.run(f.remote, "show", "chant/" + id + ":notes/retried.txt"));

        // The second attempt moved the dead attempt's checkout aside (kept, never deleted) and worked in a new one.
        assertFalse(Files.exists(f.checkout(id)), "the finished attempt's checkout is removed");
        List<Path> kept = kept(f, id);
        assertEquals(1, kept.size(), "the dead attempt's checkout is kept: " + kept);
        assertTrue(Files.exists(kept.get(0).resolve(".chant/specs/" + id + ".md")));
        assertEquals("written by the attempt that finished\n", Files.readString(kept.get(0).resolve("notes/retried.txt")),
                "the dead attempt wrote its file before it was killed");
        assertEquals("", LocalGit.run(kept.get(0), "log", "--oneline", "main..HEAD").strip(),
                "the dead attempt never committed");

        String log = log(runId);
        int first = log.indexOf("chant: run " + runId + " (attempt 1) of spec " + id);
        int second = log.indexOf("chant: run " + runId + " (attempt 2) of spec " + id);
        assertTrue(0 <= first && first < second, log);
        assertTrue(log.indexOf("chant: the spec goes to completed") > second, log);
        assertTrue(log.contains("chant: an earlier checkout of this spec is kept at " + kept.get(0)), log);
        assertEveryLineIsTheRunnersOrTheAgents(log);
    }

    @Test
    void aSpecThatIsNotReadyIsRefusedAndNoRunIsStored() throws Exception {
        Fixture f = fixture("not-ready");
        String first = f.spec("Comes first", "Nothing to do.\n");
        String second = specs().createSpec(CreateSpecRequest.newBuilder().setProject(f.project).setTitle("Comes second")
                .setBody("Waits for the first.\n").addDependsOn(first).build()).getSpec().getId();

        StatusRuntimeException refused = expectFailure(() -> f.enqueue(second));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        String message = String.valueOf(refused.getStatus().getDescription());
        assertTrue(message.contains("spec " + second + " is not ready"), message);
        assertTrue(message.contains(first), "the message names the dependency: " + message);
        assertEquals(0, runs().listRuns(ListRunsRequest.newBuilder().setProject(f.project).build()).getRunsCount(),
                "no run is stored");
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, specs().getSpec(GetSpecRequest.newBuilder().setProject(f.project)
                .setId(second).build()).getSpec().getStatus());
    }

    // ---- the world of one test: a remote, a project, its specs ----

    private static Fixture fixture(String name) throws Exception {
        String project = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, project);
        Project created = ProjectServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project)
                        .setRepoUrl(remote.toString())).build()).getProject();
        assertEquals("main", created.getDefaultBranch());
        assertEquals("chant/", created.getBranchPrefix());
        return new Fixture(project, remote);
    }

    private record Fixture(String project, Path remote) {

        String spec(String title, String body) {
            return specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle(title).setBody(body)
                    .build()).getSpec().getId();
        }

        Run enqueue(String specId) {
            return runs().enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId)
                    .setProvider("demo").setTimeoutSeconds(300).build()).getRun();
        }

        Path checkout(String specId) {
            return workRoot.resolve("chant-" + project + "-" + specId);
        }
    }

    private static List<Path> kept(Fixture f, String id) throws IOException {
        Path dir = workRoot.resolve("kept");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("chant-" + f.project() + "-" + id + "-")).sorted()
                    .toList();
        }
    }

    // ---- awaiting ----

    private static Run awaitEnd(long runId) {
        return awaitRun(runId, r -> r.getStatus().getNumber() >= RunStatus.RUN_STATUS_SUCCEEDED_VALUE);
    }

    private static Run awaitRun(long runId, java.util.function.Predicate<Run> condition) {
        AtomicReference<Run> last = new AtomicReference<>();
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                Run run = runs().getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun();
                last.set(run);
                return condition.test(run);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("run " + runId + " did not get there within " + DEADLINE + "; last seen: " + describe(last.get())
                    + "\nits log:\n" + safeLog(runId) + "\nagent-service's output: " + AGENT_SERVICE.log(), e);
        }
        return last.get();
    }

    private static Spec awaitSpec(Fixture f, String id, SpecStatus status) {
        AtomicReference<Spec> last = new AtomicReference<>();
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                Spec spec = specs().getSpec(GetSpecRequest.newBuilder().setProject(f.project()).setId(id).build()).getSpec();
                last.set(spec);
                return spec.getStatus() == status;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("spec " + id + " did not become " + status + " within " + DEADLINE + "; last seen: " + last.get(), e);
        }
        return last.get();
    }

    private static void awaitLog(long runId, String text) {
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> log(runId).contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("the log of run " + runId + " did not show \"" + text + "\" within " + DEADLINE + ":\n" + safeLog(runId)
                    + "\nthe run: " + describe(runs().getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun()), e);
        }
    }

    // ---- logs ----

    /** The run's whole log as stored now (FollowLog from 0 without follow), checking that its chunks are contiguous. */
    private static String log(long runId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<LogChunk> chunks = RunServiceGrpc.newBlockingStub(agentChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS).followLog(FollowLogRequest.newBuilder().setRunId(runId).setOffset(0).build());
        while (chunks.hasNext()) {
            LogChunk chunk = chunks.next();
            assertEquals(out.size(), chunk.getOffset(), "chunks follow each other");
            out.writeBytes(chunk.getData().toByteArray());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String safeLog(long runId) {
        try {
            return log(runId);
        } catch (RuntimeException e) {
            return "(not readable: " + e + ")";
        }
    }

    /** Every line of a run's log is the runner's ({@code chant: }) or the agent's ({@code [demo agent] }), and whole. */
    private static void assertEveryLineIsTheRunnersOrTheAgents(String log) {
        assertTrue(log.endsWith("\n"), "the log ends with a whole line");
        for (String line : log.split("\n")) {
            assertTrue(line.startsWith("chant: ") || line.startsWith("[demo agent] "), "a line of the log: " + line);
        }
    }

    private static void assertNoLineTwice(String log) {
        Set<String> seen = new HashSet<>();
        for (String line : log.split("\n")) {
            assertTrue(seen.add(line), "the line is in the log twice: " + line + "\n" + log);
        }
    }

    /**
     * The lines of a runner's output that it also logs to the run's log: all of them but what it prints
     * after the log is closed ({@code chant: run N reported: ...}) and anything the JVM printed.
     */
    private static String logLinesOf(String runnerOutput) {
        StringBuilder lines = new StringBuilder();
        for (String line : runnerOutput.split("\n")) {
            if ((line.startsWith("chant: ") || line.startsWith("[demo agent] ")) && !line.matches("chant: run \\d+ reported: .*")) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    // ---- clients ----

    private static SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return SpecServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static RunServiceGrpc.RunServiceBlockingStub runs() {
        return RunServiceGrpc.newBlockingStub(agentChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A new channel: a client's after a restart, without the old one's reconnect backoff. */
    private static void reconnectAgentService() {
        if (agentChannel != null) {
            agentChannel.shutdownNow();
        }
        agentChannel = Channels.plaintext(ServiceAddress.parse(AGENT_SERVICE.address(), 8182));
    }

    private static StatusRuntimeException expectFailure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private static String describe(Run run) {
        if (run == null) {
            return "(never read)";
        }
        return "run " + run.getId() + " " + run.getStatus() + ", attempt " + run.getAttempt() + ", epoch "
                + run.getLeaseEpoch() + ", end reason \"" + run.getEndReason() + "\", retry reason \"" + run.getRetryReason()
                + "\", spec delivery \"" + run.getSpecDelivery() + "\"";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
