package chant.agent.runner;

import static chant.agent.testing.GitRepositories.git;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.api.RunApiTestBase;
import chant.agent.testing.GitRepositories;
import chant.agent.testing.SyncOutput;
import chant.agent.testing.ScriptedSpecService;
import chant.agent.testing.ScriptedSpecServiceResource;
import chant.v1.ClaimRunResponse;
import chant.v1.KeptCheckout;
import chant.v1.ListKeptCheckoutsRequest;
import chant.v1.PauseRunRequest;
import chant.v1.RemoveKeptCheckoutsRequest;
import chant.v1.RemovedCheckout;
import chant.v1.Run;
import chant.v1.RunStatus;
import chant.v1.SpecStatus;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pausing and taking over live runs of the demo agent (real runner, real sandbox, real git), and
 * cleaning up the checkouts they keep: the agent is stopped with its whole sandbox, nothing is
 * committed or pushed, the checkout stays at the reported path exactly as the agent left it; the
 * run ends cancelled with that path and the spec is paused (a takeover adds a note). The runners
 * work in the service's own work root, so that its kept checkouts are the service's to list and
 * remove: one whose work a person pushed is removed, a dirty one only when forced, naming the loss.
 */
@QuarkusTest
class RunnerPauseTest extends RunApiTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void aTakenOverRunStopsItsAgentAndKeepsTheCheckoutAsItWas() throws Exception {
        String spec = "2026-12-04-001-p4u";
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        Path remote = GitRepositories.remoteWithMain(dir);
        specService.setRepository(project, remote.toString());
        specService.setBody(project, spec, """
                Make the store durable.

                ```chant-demo
                write notes/wip.txt
                half done
                end
                sleep 120
                commit never reached
                ```
                """);
        Run run = enqueue(project, spec, r -> r.setProvider("demo"));
        Live live = start(claim("runner-p"));
        await().atMost(DEADLINE).until(() -> live.output.text().contains("sleeping 120 s"));
        assertTrue(agentAlive(spec), "the demo agent runs");

        asUser(runs, "erin").pauseRun(PauseRunRequest.newBuilder().setRunId(run.getId()).setTakeover(true).build());

        assertEquals(Runner.DONE, live.code.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), live.output.text());
        assertFalse(agentAlive(spec), "the agent and its sandbox are gone");
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_CANCELLED, ended.getStatus());
        Path kept = Path.of(ended.getKeptCheckout());
        assertEquals(workRoot().resolve("kept"), kept.getParent());
        assertEquals("taken over by erin; checkout kept at " + kept, ended.getEndReason());
        assertEquals("half done\n", Files.readString(kept.resolve("notes/wip.txt")), "the agent's uncommitted change");
        assertEquals("?? notes/\n", git(kept, "status", "--porcelain"), "nothing was committed");
        assertEquals(git(remote, "rev-parse", "main"), git(kept, "rev-parse", "HEAD"), "the checkout is at its base");
        assertEquals("", git(remote, "branch", "--list", "chant/*").strip(), "nothing was pushed");
        assertFalse(Files.exists(workRoot().resolve("chant-" + project + "-" + spec)));
        awaitSpecStatus(project, spec, SpecStatus.SPEC_STATUS_PAUSED);
        UpdateSpecRequest update = specService.updates().stream().filter(u -> u.getProject().equals(project))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(update.getBody().startsWith("Make the store durable."), update.getBody());
        assertTrue(update.getBody().contains("## Takeover\n\n"), update.getBody());
        assertTrue(update.getBody().contains("- Checkout (on the agent-service host): `" + kept + "`"), update.getBody());
        assertTrue(update.getBody().contains("- Branch: `chant/" + spec + "`"), update.getBody());
        assertTrue(update.getBody().contains("git push " + remote + " chant/" + spec), update.getBody());
        assertTrue(live.output.text().contains("chant: taken over: the agent was stopped; nothing was committed or pushed;"
                + " checkout kept at " + kept), live.output.text());

        // The kept checkout is listed with what removing it would lose, and kept unless forced.
        KeptCheckout listed = kept(project).get(0);
        assertEquals(kept.getFileName().toString(), listed.getId());
        assertEquals(run.getId(), listed.getRunId());
        assertEquals(spec, listed.getSpecId());
        assertEquals("chant/" + spec, listed.getBranch());
        assertEquals(1, listed.getUncommittedFiles());
        assertEquals(0, listed.getUnpushedCommits());
        assertFalse(listed.getSafeToRemove());
    }

    @Test
    void cleanupRemovesAPushedKeptCheckoutAndADirtyOneOnlyWhenForced() throws Exception {
        ScriptedSpecService specService = ScriptedSpecServiceResource.server();
        String project = newProject();
        Path remote = GitRepositories.remoteWithMain(dir);
        specService.setRepository(project, remote.toString());
        String pushedSpec = "2026-12-04-002-c1n";
        String dirtySpec = "2026-12-04-003-d1r";
        specService.setBody(project, pushedSpec, """
                ```chant-demo
                write notes/done.txt
                done
                end
                commit chant(2026-12-04-002-c1n): done
                sleep 120
                ```
                """);
        specService.setBody(project, dirtySpec, """
                ```chant-demo
                write notes/wip.txt
                half done
                end
                sleep 120
                ```
                """);
        Path pushed = pausedCheckout(project, pushedSpec);
        Path dirty = pausedCheckout(project, dirtySpec);
        // A person pushes the work of the first one, as the takeover note says.
        git(pushed, "push", "-q", remote.toString(), "chant/" + pushedSpec);

        List<KeptCheckout> listed = kept(project);
        assertEquals(List.of(pushed.getFileName().toString(), dirty.getFileName().toString()),
                listed.stream().map(KeptCheckout::getId).toList());
        assertTrue(listed.get(0).getSafeToRemove(), listed.get(0).toString());
        assertEquals(0, listed.get(0).getUncommittedFiles());
        assertEquals(0, listed.get(0).getUnpushedCommits());
        assertFalse(listed.get(1).getSafeToRemove());
        assertEquals("removing it would lose 1 uncommitted file, 0 unpushed commits", listed.get(1).getProblem());

        List<RemovedCheckout> removed = runs.removeKeptCheckouts(RemoveKeptCheckoutsRequest.newBuilder()
                .addIds(listed.get(0).getId()).addIds(listed.get(1).getId()).addIds("../cache").addIds("/etc").build())
                .getResultsList();

        assertTrue(removed.get(0).getRemoved(), removed.toString());
        assertEquals("its work is on the remote", removed.get(0).getDetail());
        assertFalse(Files.exists(pushed));
        assertFalse(removed.get(1).getRemoved());
        assertTrue(removed.get(1).getDetail().startsWith("kept: removing it would lose 1 uncommitted file"),
                removed.get(1).getDetail());
        assertTrue(Files.exists(dirty.resolve("notes/wip.txt")));
        assertEquals("not a kept checkout: an id is one directory name from the list", removed.get(2).getDetail());
        assertFalse(removed.get(3).getRemoved());
        assertTrue(Files.isDirectory(workRoot().resolve("cache")), "nothing outside kept/ is touched");

        RemovedCheckout forced = runs.removeKeptCheckouts(RemoveKeptCheckoutsRequest.newBuilder()
                .addIds(dirty.getFileName().toString()).setForce(true).build()).getResults(0);
        assertTrue(forced.getRemoved());
        assertEquals("lost 1 uncommitted file, 0 unpushed commits", forced.getDetail());
        assertFalse(Files.exists(dirty));
        assertEquals(List.of(), kept(project));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> runs.removeKeptCheckouts(RemoveKeptCheckoutsRequest.getDefaultInstance()));
    }

    /** Runs the spec with the demo agent until it sleeps, pauses it, and returns where its checkout was kept. */
    private Path pausedCheckout(String project, String spec) throws Exception {
        Run run = enqueue(project, spec, r -> r.setProvider("demo"));
        Live live = start(claim("runner-" + spec));
        await().atMost(DEADLINE).until(() -> live.output.text().contains("sleeping 120 s"));
        runs.pauseRun(PauseRunRequest.newBuilder().setRunId(run.getId()).build());
        assertEquals(Runner.DONE, live.code.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), live.output.text());
        Run ended = get(run.getId());
        assertEquals(RunStatus.RUN_STATUS_CANCELLED, ended.getStatus(), ended.toString());
        return Path.of(ended.getKeptCheckout());
    }

    private List<KeptCheckout> kept(String project) {
        return runs.listKeptCheckouts(ListKeptCheckoutsRequest.newBuilder().setProject(project).build()).getCheckoutsList();
    }

    /** Whether a process of the demo agent (or its sandbox) working on {@code spec} is alive. */
    private static boolean agentAlive(String spec) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(".chant/specs/" + spec));
    }

    private static Path workRoot() {
        return Path.of(ConfigProvider.getConfig().getValue("chant.agent.work-root", String.class)).toAbsolutePath();
    }

    private record Live(Future<Integer> code, SyncOutput output) {
    }

    private Live start(ClaimRunResponse claim) {
        SyncOutput output = new SyncOutput();
        String specServer = "localhost:" + ScriptedSpecServiceResource.server().port();
        Path workRoot = workRoot();
        Future<Integer> code = threads.submit(() -> InProcessRunner.run(claim, InProcessRunner.testAgentServer(),
                specServer, workRoot, Map.of(), Duration.ofSeconds(5), output.stream()));
        return new Live(code, output);
    }


}
