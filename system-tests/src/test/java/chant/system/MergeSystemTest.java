package chant.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.client.CallerMetadata;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.ServiceProcess;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetMergeRequest;
import chant.v1.GetSpecRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.SubmitMergeRequest;
import chant.v1.TransitionSpecRequest;
import chant.v1.UpdateSpecRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String USER = "merge-test";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess MERGE_SERVICE = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    private static Path root;
    private static ManagedChannel specChannel;
    private static ManagedChannel mergeChannel;

    @BeforeAll
    static void startMergeService() throws Exception {
        root = Files.createTempDirectory("chant-merge-system-");
        MERGE_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work").toString())
                .with("CHANT_MERGE_DISPATCH_INTERVAL", "1s");
        MERGE_SERVICE.beforeAll(null);
        specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        mergeChannel = Channels.plaintext(ServiceAddress.parse(MERGE_SERVICE.address(), 8183));
    }

    @AfterAll
    static void stopMergeService() throws Exception {
        if (specChannel != null) {
            specChannel.shutdownNow();
        }
        if (mergeChannel != null) {
            mergeChannel.shutdownNow();
        }
        MERGE_SERVICE.afterAll(null);
    }

    private static SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return SpecServiceGrpc.newBlockingStub(specChannel).withInterceptors(CallerMetadata.asUser(USER));
    }

    private static SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle() {
        return SpecLifecycleServiceGrpc.newBlockingStub(specChannel).withInterceptors(CallerMetadata.asUser(USER));
    }

    private static MergeServiceGrpc.MergeServiceBlockingStub merges() {
        return MergeServiceGrpc.newBlockingStub(mergeChannel).withInterceptors(CallerMetadata.asUser(USER));
    }

    /** A project whose remote is a new bare repository; returns the project's name and the remote. */
    private record Repo(String project, Path remote, Path work) {
    }

    private static Repo project() throws Exception {
        String name = "merge-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, name);
        Path clone = root.resolve(name + "-work");
        LocalGit.run(root, "clone", "--quiet", remote.toString(), clone.toString());
        ProjectServiceGrpc.newBlockingStub(specChannel).withInterceptors(CallerMetadata.asUser(USER))
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)
                        .setRepoUrl(remote.toString())).build());
        return new Repo(name, remote, clone);
    }

    /**
     * A completed spec whose work is one commit on its branch {@code chant/<id>} (from main), pushed
     * to the remote, as a run leaves it.
     */
    private static Spec completed(Repo repo, String title, String file, List<String> dependsOn) throws Exception {
        Spec spec = specs().createSpec(CreateSpecRequest.newBuilder().setProject(repo.project()).setTitle(title)
                .addAllDependsOn(dependsOn).build()).getSpec();
        String branch = "chant/" + spec.getId();
        LocalGit.run(repo.work(), "checkout", "--quiet", "-b", branch, "origin/main");
        Files.writeString(repo.work().resolve(file), title + "\n");
        LocalGit.run(repo.work(), "add", file);
        LocalGit.run(repo.work(), "commit", "--quiet", "-m", "chant(" + spec.getId() + "): " + title);
        LocalGit.run(repo.work(), "push", "--quiet", "origin", branch);
        String commit = LocalGit.run(repo.work(), "rev-parse", "--short", "HEAD").strip();
        specs().updateSpec(UpdateSpecRequest.newBuilder().setProject(repo.project()).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setBranch(branch)
                .setCommits(StringList.newBuilder().addValues(commit)).build());
        for (SpecStatus to : List.of(SpecStatus.SPEC_STATUS_IN_PROGRESS, SpecStatus.SPEC_STATUS_COMPLETED)) {
            lifecycle().transitionSpec(TransitionSpecRequest.newBuilder().setProject(repo.project()).setId(spec.getId())
                    .setTo(to).build());
        }
        return spec;
    }

    private static MergeRequest submit(Repo repo, SubmitMergeRequest.Builder request) {
        return merges().submitMerge(request.setProject(repo.project()).setRequestId(UUID.randomUUID().toString()).build())
                .getMerge();
    }

    private static MergeRequest awaitEnd(long id) {
        MergeRequest[] last = new MergeRequest[1];
        await().atMost(DEADLINE).until(() -> {
            last[0] = merges().getMerge(GetMergeRequest.newBuilder().setMergeId(id).build()).getMerge();
            return last[0].getStatus() == MergeStatus.MERGE_STATUS_DONE
                    || last[0].getStatus() == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return last[0];
    }

    @Test
    void completedSpecsAreMergedInDependencyOrderRecordedOnTheirSpecsAndThenArchived() throws Exception {
        Repo repo = project();
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
        Repo repo = project();
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
