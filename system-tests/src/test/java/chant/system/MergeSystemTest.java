package chant.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.support.testing.ServiceProcess;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.GetSpecRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SubmitMergeRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * merge-service with the real spec-service, both as processes, and a bare repository as the
 * project's remote: completed specs are merged in dependency order, each spec records its merge
 * commit in spec-service and can then be archived; two requests for overlapping sets race, and each
 * spec is merged exactly once.
 */
class MergeSystemTest {

    private static final Duration DEADLINE = MergeWorld.DEADLINE;
    private static final String USER = "merge-test";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess MERGE_SERVICE = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    private static Path root;
    private static MergeWorld world;
    private static ManagedChannel mergeChannel;

    @BeforeAll
    static void startMergeService() throws Exception {
        root = Files.createTempDirectory("chant-merge-system-");
        MERGE_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work").toString())
                .with("CHANT_MERGE_DISPATCH_INTERVAL", "1s");
        MERGE_SERVICE.beforeAll(null);
        world = new MergeWorld(root, SPEC_SERVICE.address(), USER);
        mergeChannel = world.channelTo(MERGE_SERVICE.address());
    }

    @AfterAll
    static void stopMergeService() throws Exception {
        if (world != null) {
            world.close();
        }
        if (mergeChannel != null) {
            mergeChannel.shutdownNow();
        }
        MERGE_SERVICE.afterAll(null);
    }

    private static SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return world.specs();
    }

    private static SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle() {
        return world.lifecycle();
    }

    private static MergeWorld.Repo project() throws Exception {
        return world.project();
    }

    private static Spec completed(MergeWorld.Repo repo, String title, String file, List<String> dependsOn) throws Exception {
        return world.completed(repo, title, file, dependsOn);
    }

    private static MergeRequest submit(MergeWorld.Repo repo, SubmitMergeRequest.Builder request) {
        return world.submit(mergeChannel, repo, request);
    }

    private static MergeRequest awaitEnd(long id) {
        return world.awaitEnd(mergeChannel, id);
    }

    @Test
    void completedSpecsAreMergedInDependencyOrderRecordedOnTheirSpecsAndThenArchived() throws Exception {
        MergeWorld.Repo repo = project();
        Spec first = completed(repo, "Failing test", "test_store.py", List.of());
        Spec second = completed(repo, "Atomic put", "store.py", List.of(first.getId()));

        MergeRequest merge = awaitEnd(submit(repo, SubmitMergeRequest.newBuilder().setAll(true)).getId());

        assertEquals(MergeStatus.MERGE_STATUS_DONE, merge.getStatus());
        assertEquals(List.of(first.getId(), second.getId()), merge.getItemsList().stream().map(MergeItem::getSpecId)
                .toList(), "dependencies first");
        assertTrue(merge.getItemsList().stream().allMatch(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED),
                merge.toString());
        String main = LocalGit.run(repo.remote(), "rev-parse", "main").strip();
        assertEquals(merge.getItems(1).getTargetAfter(), main, "the remote's main is where the last merge left it");
        assertEquals("Failing test\n", LocalGit.run(repo.remote(), "show", "main:test_store.py"));
        assertEquals("Atomic put\n", LocalGit.run(repo.remote(), "show", "main:store.py"));
        for (MergeItem item : merge.getItemsList()) {
            await().atMost(DEADLINE).until(() -> specs().getSpec(GetSpecRequest.newBuilder().setProject(repo.project())
                    .setId(item.getSpecId()).build()).getSpec().getMergeCommit().equals(item.getMergeCommit()));
        }

        List<Spec> archived = lifecycle().archiveSpecs(ArchiveSpecsRequest.newBuilder().setProject(repo.project())
                .addIds(first.getId()).addIds(second.getId()).build()).getSpecsList();
        assertEquals(2, archived.size());
        assertTrue(archived.stream().allMatch(Spec::getArchived));
    }

    @Test
    void twoRequestsForOverlappingSetsRaceAndEachSpecIsMergedOnce() throws Exception {
        MergeWorld.Repo repo = project();
        Spec a = completed(repo, "Part a", "a.txt", List.of());
        Spec b = completed(repo, "Part b", "b.txt", List.of());
        Spec c = completed(repo, "Part c", "c.txt", List.of());

        CompletableFuture<MergeRequest> one = CompletableFuture.supplyAsync(() -> submit(repo,
                SubmitMergeRequest.newBuilder().addSpecIds(a.getId()).addSpecIds(b.getId())));
        CompletableFuture<MergeRequest> two = CompletableFuture.supplyAsync(() -> submit(repo,
                SubmitMergeRequest.newBuilder().addSpecIds(b.getId()).addSpecIds(c.getId())));
        MergeRequest first = awaitEnd(one.get().getId());
        MergeRequest second = awaitEnd(two.get().getId());

        List<MergeItem> items = new ArrayList<>(first.getItemsList());
        items.addAll(second.getItemsList());
        assertTrue(items.stream().allMatch(i -> i.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED
                || i.getOutcome() == MergeOutcome.MERGE_OUTCOME_ALREADY_MERGED), items.toString());
        assertEquals(1, items.stream().filter(i -> i.getSpecId().equals(b.getId())
                && i.getOutcome() == MergeOutcome.MERGE_OUTCOME_MERGED).count(), "b is merged by one request only");
        String log = LocalGit.run(repo.remote(), "log", "--format=%s", "main");
        for (Spec spec : List.of(a, b, c)) {
            assertEquals(1, log.lines().filter(l -> l.startsWith("chant(" + spec.getId() + ")")).count(),
                    spec.getId() + "'s commit comes into main once:\n" + log);
        }
    }
}
