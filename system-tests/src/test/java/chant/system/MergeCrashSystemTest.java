package chant.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.support.testing.ServiceProcess;
import chant.v1.GetSpecRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.MergeStrategy;
import chant.v1.Spec;
import chant.v1.SubmitMergeRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge-service processes killed with SIGKILL in the middle of a merge, and two merge-service
 * processes on one database, with the real spec-service. To stop a merge between "worked out and
 * recorded as the intent" and "pushed", the remote's {@code pre-receive} hook holds the push until
 * the test decides whether the remote takes it; the process that made the push is killed meanwhile.
 */
class MergeCrashSystemTest {

    private static final String USER = "merge-crash-test";
    /** Short, so that a killed process's queue is taken over quickly. */
    private static final String LEASE_SECONDS = "4";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess FIRST = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");
    private static final ServiceProcess SECOND = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    @TempDir
    static Path root;

    private static MergeWorld world;
    private ManagedChannel first;
    private ManagedChannel second;

    @BeforeAll
    static void world() {
        world = new MergeWorld(root, SPEC_SERVICE.address(), USER);
        for (ServiceProcess process : List.of(FIRST, SECOND)) {
            String name = process == FIRST ? "first" : "second";
            process.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                    .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work-" + name).toString())
                    .with("CHANT_MERGE_DISPATCH_INTERVAL", "200ms")
                    .with("CHANT_MERGE_LEASE_SECONDS", LEASE_SECONDS)
                    .with("CHANT_MERGE_RENEW_INTERVAL", "1s");
        }
    }

    @AfterAll
    static void closeWorld() throws Exception {
        world.close();
    }

    @BeforeEach
    void firstProcessOnly() throws Exception {
        FIRST.beforeAll(null);
        first = world.channelTo(FIRST.address());
    }

    @AfterEach
    void stopProcesses() throws Exception {
        first.shutdownNow();
        if (second != null) {
            second.shutdownNow();
            second = null;
        }
        FIRST.stop();
        SECOND.stop();
    }

    /** A pre-receive hook that holds the next push until {@code decide} is called. */
    private record HeldPush(Path dir) {

        static HeldPush install(Path remote) throws Exception {
            Path dir = Files.createDirectories(remote.resolve("held-push"));
            Files.writeString(dir.resolve("armed"), "");
            Path hook = remote.resolve("hooks").resolve("pre-receive");
            Files.writeString(hook, """
                    #!/bin/sh
                    # Test fixture: holds one push until the test writes its decision (accept or refuse).
                    d='%s'
                    [ -f "$d/armed" ] || exit 0
                    touch "$d/started"
                    while [ ! -f "$d/decision" ]; do sleep 0.05; done
                    rm -f "$d/armed"
                    [ "$(cat "$d/decision")" = accept ]
                    """.formatted(dir));
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new HeldPush(dir);
        }

        boolean started() {
            return Files.exists(dir.resolve("started"));
        }

        void decide(boolean accept) throws Exception {
            Files.writeString(dir.resolve("decision"), accept ? "accept" : "refuse");
        }
    }

    /** The intent the process recorded for the request's only spec (the merge commit it is pushing), or "". */
    private static String intentOf(long mergeId) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement(
                        "SELECT coalesce(intent, '') FROM merge.merge_item WHERE merge_id = ? AND position = 0")) {
            q.setLong(1, mergeId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : "";
            }
        }
    }

    private static List<String> mergeSubjects(MergeWorld.Repo repo) throws Exception {
        return LocalGit.run(repo.remote(), "log", "--format=%s", "main").lines()
                .filter(l -> l.startsWith("Merge ")).toList();
    }

    @Test
    void aProcessKilledWhileItsPushWasRefusedIsRestartedAndMergesTheSpecOnce() throws Exception {
        MergeWorld.Repo repo = world.project();
        Spec spec = world.completed(repo, "Atomic put", "store.py", List.of());
        HeldPush held = HeldPush.install(repo.remote());
        String mainBefore = LocalGit.run(repo.remote(), "rev-parse", "main").strip();

        long id = world.submit(first, repo, SubmitMergeRequest.newBuilder().addSpecIds(spec.getId())
                .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE)).getId();
        await().atMost(MergeWorld.DEADLINE).until(held::started);
        assertTrue(!intentOf(id).isEmpty(), "the intent is recorded before the push");
        FIRST.kill();
        held.decide(false);
        await().atMost(MergeWorld.DEADLINE).until(() -> !Files.exists(held.dir().resolve("armed")));
        assertEquals(mainBefore, LocalGit.run(repo.remote(), "rev-parse", "main").strip(), "the push did not land");

        FIRST.start();
        first.shutdownNow();
        first = world.channelTo(FIRST.address());
        MergeRequest merge = world.awaitEnd(first, id);

        assertEquals(MergeStatus.MERGE_STATUS_DONE, merge.getStatus());
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, merge.getItems(0).getOutcome(), merge.toString());
        assertEquals(List.of("Merge chant/" + spec.getId()), mergeSubjects(repo), "merged exactly once");
        assertEquals(merge.getItems(0).getTargetAfter(), LocalGit.run(repo.remote(), "rev-parse", "main").strip());
        assertRecordedOnTheSpec(repo, merge.getItems(0));
    }

    @Test
    void aProcessKilledWhileItsPushLandedIsRestartedAndRecordsThatPushWithoutMergingAgain() throws Exception {
        MergeWorld.Repo repo = world.project();
        Spec spec = world.completed(repo, "Atomic put", "store.py", List.of());
        HeldPush held = HeldPush.install(repo.remote());

        long id = world.submit(first, repo, SubmitMergeRequest.newBuilder().addSpecIds(spec.getId())
                .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE)).getId();
        await().atMost(MergeWorld.DEADLINE).until(held::started);
        String intent = intentOf(id);
        assertTrue(!intent.isEmpty(), "the intent is recorded before the push");
        FIRST.kill();
        held.decide(true);
        await().atMost(MergeWorld.DEADLINE).until(() -> LocalGit.run(repo.remote(), "rev-parse", "main").strip()
                .equals(intent));

        FIRST.start();
        first.shutdownNow();
        first = world.channelTo(FIRST.address());
        MergeRequest merge = world.awaitEnd(first, id);

        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, merge.getItems(0).getOutcome(), merge.toString());
        assertEquals(intent, merge.getItems(0).getTargetAfter(), "the push that landed is the one recorded");
        assertEquals(intent, LocalGit.run(repo.remote(), "rev-parse", "main").strip(), "no second merge");
        assertEquals(List.of("Merge chant/" + spec.getId()), mergeSubjects(repo));
        assertRecordedOnTheSpec(repo, merge.getItems(0));
    }

    @Test
    void twoProcessesOnOneDatabaseServeRequestsForOneQueueAndMergeEachSpecOnceInOneLine() throws Exception {
        SECOND.beforeAll(null);
        second = world.channelTo(SECOND.address());
        MergeWorld.Repo repo = world.project();
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            specs.add(world.completed(repo, "Part " + i, "part-" + i + ".txt", List.of()));
        }

        List<CompletableFuture<MergeRequest>> submitted = new ArrayList<>();
        for (int i = 0; i < specs.size(); i += 2) {
            ManagedChannel via = (i / 2) % 2 == 0 ? first : second;
            SubmitMergeRequest.Builder request = SubmitMergeRequest.newBuilder()
                    .addSpecIds(specs.get(i).getId()).addSpecIds(specs.get(i + 1).getId())
                    .setStrategy(MergeStrategy.MERGE_STRATEGY_MERGE);
            submitted.add(CompletableFuture.supplyAsync(() -> world.submit(via, repo, request)));
        }
        List<MergeItem> merged = new ArrayList<>();
        for (int i = 0; i < submitted.size(); i++) {
            ManagedChannel via = i % 2 == 0 ? second : first;
            MergeRequest merge = world.awaitEnd(via, submitted.get(i).get().getId());
            assertEquals(MergeStatus.MERGE_STATUS_DONE, merge.getStatus(), merge.toString());
            merged.addAll(merge.getItemsList());
        }

        assertTrue(merged.stream().allMatch(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED), merged.toString());
        List<String> subjects = mergeSubjects(repo);
        assertEquals(specs.size(), subjects.size(), "one merge commit per spec:\n" + subjects);
        assertEquals(specs.size(), subjects.stream().distinct().count(), "no spec merged twice:\n" + subjects);
        merged.sort(java.util.Comparator.comparing(MergeItem::getEndTime,
                java.util.Comparator.comparingLong(com.google.protobuf.Timestamp::getSeconds)
                        .thenComparingInt(com.google.protobuf.Timestamp::getNanos)));
        for (int i = 1; i < merged.size(); i++) {
            assertEquals(merged.get(i - 1).getTargetAfter(), merged.get(i).getTargetBefore(),
                    "each merge was made on the one before it, whichever process made it");
        }
        assertEquals(merged.get(merged.size() - 1).getTargetAfter(),
                LocalGit.run(repo.remote(), "rev-parse", "main").strip());
    }

    private static void assertRecordedOnTheSpec(MergeWorld.Repo repo, MergeItem item) {
        await().atMost(MergeWorld.DEADLINE).until(() -> world.specs().getSpec(GetSpecRequest.newBuilder()
                .setProject(repo.project()).setId(item.getSpecId()).build()).getSpec().getMergeCommit()
                .equals(item.getMergeCommit()));
    }
}
