package chant.agent.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.provider.command.CommandSettings;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.agent.testing.SyncOutput;
import chant.support.testing.TcpProxy;
import chant.v1.ClaimRunResponse;
import chant.v1.Run;
import chant.v1.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner handed its run just before its agent-service replica went away (stopped, killed, rolled
 * over) finds nobody at its first call. It keeps trying, and works the run as soon as a replica
 * answers at the service's address, in the same attempt: the run does not wait a lease to be retried.
 */
@QuarkusTest
class RunnerFirstCallTest extends RunApiTestBase {

    private static final String SPEC = "2026-12-04-011-fst";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRunnerWhoseServiceIsAwayAtItsFirstCallWorksTheRunOnceAReplicaAnswers() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        specService.setRepository(project, GitRepositories.remoteWithMain(dir).toString());
        Run run = enqueue(project, SPEC, r -> r.setProvider("command"));
        ClaimRunResponse claim = claim("runner-first-call");
        Map<String, String> env = Map.of(CommandSettings.COMMAND, "[\"bash\", \"-c\", \"echo the agent worked\"]");
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        SyncOutput output = new SyncOutput();
        try (TcpProxy toAgentService = TcpProxy.to("127.0.0.1", port)) {
            toAgentService.cut();
            Future<Integer> code = thread.submit(() -> InProcessRunner.run(claim, "127.0.0.1:" + toAgentService.port(),
                    "localhost:" + specService.port(), dir.resolve("work"), env, Duration.ofSeconds(2), output.stream()));
            await().atMost(DEADLINE).until(() -> output.text().contains("chant: agent-service cannot be reached"));
            assertEquals(RunStatus.RUN_STATUS_PREPARING, get(run.getId()).getStatus(), "nothing was reported yet");

            // The tests' lease is 3 s: renew it once, as a runner that had reached the service would, so that the
            // run is still this attempt's when the runner gets through.
            heartbeat(run.getId(), claim.getLease().getEpoch());
            toAgentService.restore();
            assertEquals(Runner.DONE, code.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), output.text());
            assertTrue(output.text().contains("chant: agent-service answers again"), output.text());
            Run done = get(run.getId());
            assertEquals(1, done.getAttempt(), "the same attempt worked the run: " + done);
            assertTrue(done.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED, done.toString());
        } finally {
            thread.shutdownNow();
            thread.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
