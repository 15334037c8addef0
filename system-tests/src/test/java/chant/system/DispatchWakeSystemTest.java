package chant.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import chant.support.testing.GrpcAssertions;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.ServiceProcess;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.GetRunRequest;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.SpecServiceGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local backend claims a run as soon as it is queued, and the next one as soon as a slot
 * frees, not at its next scheduled look: here the schedule is once an hour (its first look is at
 * the start, before any run exists), one run per project may be active, and two runs of one project
 * are enqueued together. Both must be worked to the end; without the wake-ups neither would start
 * within the hour. Real processes: spec-service, agent-service, its runners, the demo agent.
 */
class DispatchWakeSystemTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String USER = "dispatch-test";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess AGENT_SERVICE = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");

    private static Path root;
    private static ManagedChannel specChannel;
    private static ManagedChannel agentChannel;

    @BeforeAll
    static void startAgentService() throws Exception {
        root = Files.createTempDirectory("chant-dispatch-wake-");
        AGENT_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_LOCAL_BACKEND", "true")
                .with("CHANT_AGENT_WORK_ROOT", root.resolve("work").toString())
                .with("CHANT_AGENT_DISPATCH_INTERVAL", "1h")
                .with("CHANT_AGENT_MAX_ACTIVE_RUNS_PER_PROJECT", "1");
        AGENT_SERVICE.beforeAll(null);
        specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        agentChannel = Channels.plaintext(ServiceAddress.parse(AGENT_SERVICE.address(), 8182));
    }

    @AfterAll
    static void stop() throws Exception {
        if (specChannel != null) {
            specChannel.shutdownNow();
        }
        if (agentChannel != null) {
            agentChannel.shutdownNow();
        }
        AGENT_SERVICE.afterAll(null);
        if (root != null) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aQueuedRunAndTheRunWaitingForItsSlotAreClaimedWithoutWaitingForTheSchedule() throws Exception {
        String project = "wake-" + Long.toHexString(System.nanoTime());
        Path remote = LocalGit.bareRemote(root, project);
        ProjectServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS).createProject(CreateProjectRequest.newBuilder()
                        .setProject(Project.newBuilder().setName(project).setRepoUrl(remote.toString())).build());
        long first = runs().enqueueRun(enqueue(project, spec(project, "first"))).getRun().getId();
        long second = runs().enqueueRun(enqueue(project, spec(project, "second"))).getRun().getId();

        Run firstRun = awaitEnd(first);
        Run secondRun = awaitEnd(second);

        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, firstRun.getStatus(), firstRun.toString());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, secondRun.getStatus(), secondRun.toString());
        assertEquals(1, secondRun.getAttempt());
        // One run per project: the second was claimed only after the first had ended.
        assertEquals(true, !toInstant(secondRun.getStartTime()).isBefore(toInstant(firstRun.getEndTime())),
                "the second run started at " + secondRun.getStartTime() + ", the first ended at " + firstRun.getEndTime());
    }

    private static java.time.Instant toInstant(com.google.protobuf.Timestamp t) {
        return java.time.Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static String spec(String project, String name) {
        return SpecServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS).createSpec(CreateSpecRequest.newBuilder().setProject(project)
                        .setTitle("Write " + name).setBody("""
                                ```chant-demo
                                write notes/%1$s.txt
                                %1$s
                                end
                                commit write %1$s
                                ```
                                """.formatted(name)).build()).getSpec().getId();
    }

    private static EnqueueRunRequest enqueue(String project, String specId) {
        return EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId).setProvider("demo")
                .setTimeoutSeconds(300).build();
    }

    private static Run awaitEnd(long runId) {
        AtomicReference<Run> last = new AtomicReference<>();
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                Run run = runs().getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun();
                last.set(run);
                return run.getStatus().getNumber() >= RunStatus.RUN_STATUS_SUCCEEDED_VALUE;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("run " + runId + " did not end within " + DEADLINE + "; last seen: " + last.get()
                    + "\nagent-service's output: " + AGENT_SERVICE.log(), e);
        }
        return last.get();
    }

    private static RunServiceGrpc.RunServiceBlockingStub runs() {
        return RunServiceGrpc.newBlockingStub(agentChannel).withInterceptors(GrpcAssertions.callingAs(USER))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
