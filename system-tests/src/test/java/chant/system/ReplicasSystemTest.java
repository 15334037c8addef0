package chant.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.GrpcAssertions;
import chant.support.testing.ServiceProcess;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.GetRunRequest;
import chant.v1.GetSpecRequest;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecEventsResponse;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.Spec;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.SubmitMergeRequest;
import chant.v1.WatchSpecEventsRequest;
import chant.v1.WatchSpecEventsResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of each service on one database, as two replicas of each Deployment would be: specs
 * created through both spec-service replicas while watches are open on both, runs of the demo agent
 * enqueued through both agent-service replicas, merges submitted through both merge-service
 * replicas, and one replica of each killed with SIGKILL in the middle. Nothing may run twice, nothing
 * may be lost, and every watch sees every event of the project exactly once. And graceful shutdown:
 * a merge-service replica sent SIGTERM in the middle of a merge finishes that merge, gives its queue
 * back at once (the lease row released, not left to expire) and exits within the bound.
 */
class ReplicasSystemTest {

    private static final String USER = "replicas-test";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** Short, so that a killed merge-service's queue is taken over soon after its lease expires. */
    private static final String MERGE_LEASE_SECONDS = "5";
    /** What a pod's grace period leaves a stopping replica (Kubernetes' default is 30 s). */
    private static final Duration STOP_BOUND = Duration.ofSeconds(25);

    private static final ServiceProcess SPEC_A = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");
    private static final ServiceProcess SPEC_B = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");
    private static final ServiceProcess AGENT_A = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");
    private static final ServiceProcess AGENT_B = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");
    private static final ServiceProcess MERGE_A = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");
    private static final ServiceProcess MERGE_B = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");
    private static final List<ServiceProcess> ALL = List.of(SPEC_A, SPEC_B, AGENT_A, AGENT_B, MERGE_A, MERGE_B);

    @TempDir
    static Path root;

    private static MergeWorld world;
    private static ManagedChannel specA;
    private static ManagedChannel specB;
    private static ManagedChannel agentA;
    private static ManagedChannel agentB;
    private static ManagedChannel mergeA;
    private static ManagedChannel mergeB;

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        startAll(List.of(SPEC_A, SPEC_B));
        for (ServiceProcess agent : List.of(AGENT_A, AGENT_B)) {
            String name = agent == AGENT_A ? "a" : "b";
            agent.with("CHANT_SPEC_SERVER", SPEC_A.address())
                    .with("CHANT_AGENT_LOCAL_BACKEND", "true")
                    .with("CHANT_AGENT_WORK_ROOT", root.resolve("agent-work-" + name).toString())
                    // Longer than a restart of the killed replica takes here: its runners report to it (the
                    // replica that started them) once it is back, before any replica's sweep retries their runs.
                    .with("CHANT_AGENT_LEASE_SECONDS", "30")
                    .with("CHANT_AGENT_SWEEP_INTERVAL", "1s")
                    .with("CHANT_AGENT_RETRY_BACKOFF_SECONDS", "1")
                    .with("CHANT_AGENT_MAX_ATTEMPTS", "3");
        }
        for (ServiceProcess merge : List.of(MERGE_A, MERGE_B)) {
            String name = merge == MERGE_A ? "a" : "b";
            merge.with("CHANT_SPEC_SERVER", SPEC_A.address())
                    .with("CHANT_AGENT_SERVER", AGENT_A::address)
                    .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work-" + name).toString())
                    .with("CHANT_MERGE_DISPATCH_INTERVAL", "200ms")
                    .with("CHANT_MERGE_LEASE_SECONDS", MERGE_LEASE_SECONDS)
                    .with("CHANT_MERGE_RENEW_INTERVAL", "1s")
                    .with("CHANT_MERGE_RETRY_SECONDS", "1");
        }
        startAll(List.of(AGENT_A, AGENT_B, MERGE_A, MERGE_B));
        world = new MergeWorld(root, SPEC_A.address(), USER);
        specA = channel(SPEC_A);
        specB = channel(SPEC_B);
        agentA = channel(AGENT_A);
        agentB = channel(AGENT_B);
        mergeA = channel(MERGE_A);
        mergeB = channel(MERGE_B);
    }

    /** Starts the processes side by side (each waits until it is ready). */
    private static void startAll(List<ServiceProcess> processes) throws Exception {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (ServiceProcess p : processes) {
            started.add(CompletableFuture.runAsync(() -> {
                try {
                    p.beforeAll(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get();
    }

    private static ManagedChannel channel(ServiceProcess p) {
        return Channels.plaintext(ServiceAddress.parse(p.address(), 8181));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (ManagedChannel c : new ManagedChannel[] {specA, specB, agentA, agentB, mergeA, mergeB}) {
            if (c != null) {
                c.shutdownNow();
            }
        }
        if (world != null) {
            world.close();
        }
        for (ServiceProcess p : ALL) {
            p.stop();
        }
    }

    /** Every test starts with every replica up, whatever an earlier test stopped or killed. */
    @BeforeEach
    void everyReplicaUp() throws Exception {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (ServiceProcess p : ALL) {
            if (!p.alive()) {
                started.add(CompletableFuture.runAsync(() -> {
                    try {
                        p.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get();
    }

    private static SpecServiceGrpc.SpecServiceBlockingStub specs(ManagedChannel via) {
        return SpecServiceGrpc.newBlockingStub(via).withInterceptors(GrpcAssertions.callingAs(USER));
    }

    private static RunServiceGrpc.RunServiceBlockingStub runs(ManagedChannel via) {
        return RunServiceGrpc.newBlockingStub(via).withInterceptors(GrpcAssertions.callingAs(USER));
    }

    @Test
    void twoReplicasOfEachServiceWithOneOfEachKilledRunAndMergeEverySpecOnceAndEveryWatchSeesEveryEventOnce()
            throws Exception {
        String project = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, project);
        ProjectServiceGrpc.newBlockingStub(specA).withInterceptors(GrpcAssertions.callingAs(USER))
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project)
                        .setRepoUrl(remote.toString())).build());
        specs(specA).createSpec(CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Marker").build()).getSpec().getId();
        long start = events(project).get(0);
        // A watch on each spec-service replica; one that loses its replica watches on the other from its
        // last sequence, as a client of a Kubernetes Service would be sent to the replica left.
        Watch onA = new Watch(project, start, specA, specB);
        Watch onB = new Watch(project, start, specB, specA);

        // Specs through both spec-service replicas; the one the second watch is on is killed half way.
        int count = 6;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == count / 2) {
                SPEC_B.kill();
            }
            ManagedChannel via = i % 2 == 0 || !SPEC_B.alive() ? specA : specB;
            ids.add(specs(via).createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Part " + i)
                    .setBody(demoBody(i)).build()).getSpec().getId());
        }

        // Runs through both agent-service replicas; one is killed while runs are under way and started
        // again (its runners outlive it and report to it once it is back).
        List<Long> runIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == count / 2) {
                await().atMost(DEADLINE).until(() -> runIds.stream().anyMatch(id -> runStatus(id).getNumber()
                        >= RunStatus.RUN_STATUS_RUNNING_VALUE));
                AGENT_A.kill();
            }
            ManagedChannel via = i % 2 == 0 && AGENT_A.alive() ? agentA : agentB;
            runIds.add(runs(via).enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(ids.get(i))
                    .setProvider("demo").setTimeoutSeconds(300).build()).getRun().getId());
        }
        AGENT_A.start();
        for (long runId : runIds) {
            Run run = awaitRun(runId);
            assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus(), run.toString());
            assertEquals(1, agentStarts(runId), "the run's spec was worked once: " + run);
        }
        for (String id : ids) {
            await().atMost(DEADLINE).until(() -> specs(specA).getSpec(GetSpecRequest.newBuilder().setProject(project)
                    .setId(id).build()).getSpec().getStatus() == SpecStatus.SPEC_STATUS_COMPLETED);
            assertEquals("1", LocalGit.run(remote, "rev-list", "--count", "main..chant/" + id).strip(),
                    "one commit of work on the branch of " + id);
        }

        // Merges through both merge-service replicas; the one that holds the queue is killed after its
        // first merge, and the other takes the queue over when the lease has expired.
        List<Long> mergeIds = new ArrayList<>();
        for (int i = 0; i < count; i += 2) {
            ManagedChannel via = (i / 2) % 2 == 0 ? mergeA : mergeB;
            mergeIds.add(world.merges(via).submitMerge(SubmitMergeRequest.newBuilder().setProject(project)
                    .setRequestId(UUID.randomUUID().toString()).addSpecIds(ids.get(i)).addSpecIds(ids.get(i + 1))
                    .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE).build()).getMerge().getId());
        }
        await().atMost(DEADLINE).until(() -> mergedItems(mergeIds) >= 1);
        ServiceProcess holder = leaseHolder(project).startsWith(MERGE_A.pid() + "@") ? MERGE_A : MERGE_B;
        holder.kill();
        ManagedChannel left = holder == MERGE_A ? mergeB : mergeA;
        List<MergeItem> merged = new ArrayList<>();
        for (long id : mergeIds) {
            MergeRequest merge = world.awaitEnd(left, id);
            assertEquals(MergeStatus.MERGE_STATUS_DONE, merge.getStatus(), merge.toString());
            merged.addAll(merge.getItemsList());
        }
        assertTrue(merged.stream().allMatch(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED), merged.toString());
        List<String> subjects = LocalGit.run(remote, "log", "--format=%s", "main").lines()
                .filter(l -> l.startsWith("Merge ")).toList();
        assertEquals(count, subjects.size(), "one merge commit per spec:\n" + subjects);
        assertEquals(count, new HashSet<>(subjects).size(), "no spec merged twice:\n" + subjects);

        // Every watch saw every event of the project after the marker, each once, in order.
        for (String id : ids) {
            await().atMost(DEADLINE).until(() -> !specs(specA).getSpec(GetSpecRequest.newBuilder().setProject(project)
                    .setId(id).build()).getSpec().getMergeCommit().isEmpty());
        }
        List<Long> all = events(project);
        List<Long> expected = all.subList(all.indexOf(start) + 1, all.size());
        for (Watch watch : List.of(onA, onB)) {
            await().atMost(DEADLINE).until(() -> watch.sequences.size() >= expected.size());
            watch.close();
            assertEquals(expected, List.copyOf(watch.sequences), "every event once, in order (" + watch + ")");
        }
        assertTrue(onB.resumed.get() != null, "the watch on the killed replica was resumed on the other");
    }

    @Test
    void aMergeServiceReplicaSentSigtermFinishesItsMergeGivesItsQueueBackAtOnceAndExits() throws Exception {
        MergeWorld.Repo repo = world.project();
        List<Spec> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add(world.completed(repo, "Part " + i, "part-" + i + ".txt", List.of()));
        }
        Path held = holdNextPush(repo.remote());
        SubmitMergeRequest.Builder request = SubmitMergeRequest.newBuilder()
                .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE);
        parts.forEach(p -> request.addSpecIds(p.getId()));
        long id = world.submit(mergeA, repo, request).getId();
        await().atMost(DEADLINE).until(() -> Files.exists(held.resolve("started")));

        String holderName = leaseHolder(repo.project());
        ServiceProcess holder = holderName.startsWith(MERGE_A.pid() + "@") ? MERGE_A : MERGE_B;
        ServiceProcess other = holder == MERGE_A ? MERGE_B : MERGE_A;
        CompletableFuture<Boolean> exited = CompletableFuture.supplyAsync(() -> {
            try {
                return holder.terminate(STOP_BOUND);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The merge in flight is not abandoned: its push is let through after the SIGTERM.
        await().atMost(DEADLINE).until(() -> Files.readString(holder.log()).contains("stopping:"));
        Files.writeString(held.resolve("decision"), "accept");

        assertTrue(exited.get(), "the replica exited within " + STOP_BOUND + " of SIGTERM");
        String afterExit = leaseHolder(repo.project());
        assertTrue(!afterExit.equals(holderName), "the stopped replica gave its lease back: " + afterExit);
        assertTrue(Files.readString(holder.log()).contains("the queue is given up for another replica"),
                "the stopped replica released the queue itself (not left to expire)");
        MergeRequest merge = world.awaitEnd(holder == MERGE_A ? mergeB : mergeA, id);
        assertEquals(MergeStatus.MERGE_STATUS_DONE, merge.getStatus(), merge.toString());
        assertTrue(merge.getItemsList().stream().allMatch(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED),
                merge.toString());
        List<String> subjects = LocalGit.run(repo.remote(), "log", "--format=%s", "main").lines()
                .filter(l -> l.startsWith("Merge ")).toList();
        assertEquals(3, subjects.size(), "each spec merged once:\n" + subjects);
        assertEquals(3, new HashSet<>(subjects).size(), subjects.toString());
        assertTrue(other.alive());
    }

    @Test
    void anAgentServiceReplicaSentSigtermStopsClaimingExitsAndLosesNoRun() throws Exception {
        String project = "sigterm-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, project);
        ProjectServiceGrpc.newBlockingStub(specA).withInterceptors(GrpcAssertions.callingAs(USER))
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project)
                        .setRepoUrl(remote.toString())).build());
        List<String> ids = new ArrayList<>();
        List<Long> runIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(specs(specA).createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Part " + i)
                    .setBody(demoBody(i)).build()).getSpec().getId());
        }
        // Queued through the replica that is stopped right away: some it may have claimed, the rest wait.
        for (String id : ids) {
            runIds.add(runs(agentB).enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(id)
                    .setProvider("demo").setTimeoutSeconds(300).build()).getRun().getId());
        }
        assertTrue(AGENT_B.terminate(STOP_BOUND), "the replica exited within " + STOP_BOUND + " of SIGTERM");

        // Its runners live on and report to it once it is back (a pod started again in its place); the
        // runs it had not claimed are claimed by the other replica meanwhile.
        AGENT_B.start();
        for (int i = 0; i < runIds.size(); i++) {
            Run run = awaitRun(runIds.get(i));
            assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus(), run.toString());
            assertEquals(1, agentStarts(runIds.get(i)), "nothing ran twice: " + run);
            assertEquals("1", LocalGit.run(remote, "rev-list", "--count", "main..chant/" + ids.get(i)).strip());
        }
    }

    /** A pre-receive hook that holds the next push until the test writes "accept" into {@code decision}. */
    private static Path holdNextPush(Path remote) throws Exception {
        Path dir = Files.createDirectories(remote.resolve("held-push"));
        Files.writeString(dir.resolve("armed"), "");
        Path hook = remote.resolve("hooks").resolve("pre-receive");
        Files.writeString(hook, """
                #!/bin/sh
                # Test fixture: holds one push until the test writes its decision.
                d='%s'
                [ -f "$d/armed" ] || exit 0
                touch "$d/started"
                while [ ! -f "$d/decision" ]; do sleep 0.05; done
                rm -f "$d/armed"
                [ "$(cat "$d/decision")" = accept ]
                """.formatted(dir));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static String demoBody(int i) {
        return """
                The demo agent writes part %1$d.

                ```chant-demo
                write notes/part-%1$d.txt
                part %1$d
                end
                check all
                commit part %1$d
                ```

                ## Acceptance Criteria

                - [ ] notes/part-%1$d.txt is written
                """.formatted(i);
    }

    private static RunStatus runStatus(long runId) {
        return runs(agentB).getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun().getStatus();
    }

    private static Run awaitRun(long runId) {
        AtomicReference<Run> last = new AtomicReference<>();
        await().atMost(DEADLINE).ignoreExceptions().until(() -> {
            Run run = runs(agentB).getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun();
            last.set(run);
            return run.getStatus().getNumber() >= RunStatus.RUN_STATUS_SUCCEEDED_VALUE;
        });
        return last.get();
    }

    /**
     * How many times an agent was started on the run, over all its attempts (its log holds every
     * attempt's lines). A runner handed its run just before its replica went away can fail its first
     * call and exit before it does anything; the run is then retried after its lease, and that retry
     * is the only attempt that works the spec.
     */
    private static int agentStarts(long runId) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT coalesce(string_agg(convert_from(data, 'UTF8'), '' ORDER BY byte_offset), '')"
                        + " FROM agent.run_log_chunk WHERE run_id = ?")) {
            q.setLong(1, runId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getString(1).split("chant: starting the agent", -1).length - 1;
            }
        }
    }

    /** The sequences of the project's events, oldest first. */
    private static List<Long> events(String project) {
        List<Long> all = new ArrayList<>();
        long after = 0;
        while (true) {
            ListSpecEventsResponse page = SpecEventServiceGrpc.newBlockingStub(specA)
                    .withInterceptors(GrpcAssertions.callingAs(USER)).listSpecEvents(ListSpecEventsRequest.newBuilder()
                            .setProject(project).setAfterSequence(after).setPageSize(1000).build());
            page.getEventsList().forEach(e -> all.add(e.getSequence()));
            if (page.getNextAfterSequence() == 0) {
                return all;
            }
            after = page.getNextAfterSequence();
        }
    }

    /** How many specs of the merge requests are merged. */
    private static int mergedItems(List<Long> mergeIds) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM merge.merge_item WHERE merge_id = ANY (?) AND outcome = 'MERGED'")) {
            q.setArray(1, c.createArrayOf("bigint", mergeIds.toArray()));
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** The holder of the project's main queue's lease, "" when nobody holds it. */
    private static String leaseHolder(String project) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT coalesce(lease_holder, '') FROM merge.merge_queue WHERE project = ? AND target_branch = 'main'")) {
            q.setString(1, project);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : "";
            }
        }
    }

    /**
     * A watch of a project's events on one spec-service replica; when that replica goes away the
     * watch is opened again on the other, after the last sequence it got.
     */
    private static final class Watch {
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> resumed = new AtomicReference<>();
        private final String project;
        private final ManagedChannel fallback;
        private final io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        private volatile long last;
        private final String name;

        Watch(String project, long after, ManagedChannel first, ManagedChannel fallback) {
            this.project = project;
            this.fallback = fallback;
            this.last = after;
            this.name = "watch first on " + first.authority();
            open(first);
        }

        private void open(ManagedChannel via) {
            context.run(() -> SpecEventServiceGrpc.newStub(via).withInterceptors(GrpcAssertions.callingAs(USER))
                    .watchSpecEvents(WatchSpecEventsRequest.newBuilder().setProject(project).setAfterSequence(last)
                            .build(), new StreamObserver<>() {
                                @Override
                                public void onNext(WatchSpecEventsResponse value) {
                                    last = value.getEvent().getSequence();
                                    sequences.add(last);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    if (!context.isCancelled() && resumed.compareAndSet(null, t)) {
                                        open(fallback);
                                    }
                                }

                                @Override
                                public void onCompleted() {
                                }
                            }));
        }

        void close() {
            context.cancel(null);
        }

        @Override
        public String toString() {
            return name + (resumed.get() == null ? "" : ", resumed after " + resumed.get());
        }
    }
}
