package chant.agent.runner;

import static chant.agent.testing.GitRepositories.git;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.support.git.Git;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.SyncOutput;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.agent.workspace.RepositoryCache;
import chant.agent.workspace.RunWorkspace;
import chant.support.testing.TcpProxy;
import chant.v1.ClaimRunResponse;
import chant.v1.Run;
import chant.v1.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner cut off from agent-service while its run is taken over: its lease runs out, the sweep
 * queues the run again, another runner claims it and makes its checkout where the first one's was.
 * When the first runner's agent is done, it waits for agent-service to confirm its lease before it
 * commits, pushes or reports anything; told that the lease is lost, it stops, having pushed nothing
 * and left the later attempt's checkout where it is.
 */
@QuarkusTest
class RunnerTakeoverTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-001-t4k";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRunnerThatLostItsRunWhileCutOffPushesNothingAndLeavesTheLaterCheckoutAlone() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        Path remote = GitRepositories.remoteWithMain(dir);
        specService.setRepository(project, remote.toString());
        specService.setBody(project, SPEC, """
                ```chant-demo
                write notes/late.txt
                written by a runner that lost its run
                end
                sleep 4
                commit too late
                ```
                """);
        Path workRoot = dir.resolve("work");
        Run run = enqueue(project, SPEC, r -> r.setProvider("demo"));
        ClaimRunResponse first = claim("runner-cut-off");
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        SyncOutput output = new SyncOutput();
        try (TcpProxy toAgentService = TcpProxy.to("127.0.0.1", port)) {
            Future<Integer> code = thread.submit(() -> runner(first, workRoot, "127.0.0.1:" + toAgentService.port(), output));
            await().atMost(DEADLINE).until(() -> output.text().contains("sleeping 4 s"));

            toAgentService.cut();
            // The lease (3 s in the tests) runs out without heartbeats; the sweep queues the run again.
            await().atMost(DEADLINE).until(() -> get(run.getId()).getAttempt() == 2);
            AtomicReference<ClaimRunResponse> second = new AtomicReference<>();
            await().atMost(DEADLINE).until(() -> {
                second.set(claim("runner-later"));
                return second.get().getClaimed();
            });
            Git gitOnPath = Git.onPath();
            RunWorkspace later = RunWorkspace.of(gitOnPath, new RepositoryCache(gitOnPath, workRoot), workRoot, project, SPEC,
                    "chant/");
            Path movedAside = later.create(remote.toString(), "main", "# The later attempt\n", Clock.systemUTC())
                    .orElseThrow();
            // The first agent finishes (in the checkout that was moved aside); its runner cannot confirm its lease.
            await().atMost(DEADLINE).until(() -> output.text().contains("[demo agent] finished: success"));
            await().atMost(DEADLINE).until(() -> output.text().contains("chant: heartbeat failed"));

            toAgentService.restore();
            assertEquals(Runner.LEASE_LOST, code.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), output.text());

            String printed = output.text();
            assertFalse(printed.contains("chant: finalizing"), printed);
            assertTrue(printed.contains("the checkout was moved aside by a later attempt"), printed);
            assertEquals("", git(remote, "branch", "--list", "chant/*").strip(), "nothing was pushed");
            assertTrue(later.isOwn(), "the later attempt's checkout is where it was");
            assertEquals("# The later attempt\n", later.readSpec(1000));
            assertEquals("written by a runner that lost its run\n", Files.readString(movedAside.resolve("notes/late.txt")));
            Run now = get(run.getId());
            assertEquals(RunStatus.RUN_STATUS_PREPARING, now.getStatus(), "the later runner holds the run");
            assertEquals(second.get().getLease().getEpoch(), now.getLeaseEpoch());
        } finally {
            thread.shutdownNow();
            thread.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private int runner(ClaimRunResponse claim, Path workRoot, String agentServer, SyncOutput output) {
        return InProcessRunner.run(claim, agentServer, "localhost:" + ScriptedSpecServiceResource.server().port(),
                workRoot, Map.of(), Duration.ofSeconds(5), output.stream());
    }


}
