package chant.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.support.testing.ServiceProcess;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeStatus;
import chant.v1.Spec;
import chant.v1.SubmitMergeRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge-service works a request as soon as it is submitted, not at its next scheduled look: here
 * the schedule is once an hour (its first look is at the start, before any request exists). Two
 * requests submitted one after the other are both merged; without the wake-up neither would be
 * within the hour.
 */
class MergeDispatchWakeSystemTest {

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess MERGE_SERVICE = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    @TempDir
    static Path root;

    private static MergeWorld world;
    private static ManagedChannel merges;

    @BeforeAll
    static void startMergeService() throws Exception {
        MERGE_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work").toString())
                .with("CHANT_MERGE_DISPATCH_INTERVAL", "1h");
        MERGE_SERVICE.beforeAll(null);
        world = new MergeWorld(root, SPEC_SERVICE.address(), "wake-test");
        merges = world.channelTo(MERGE_SERVICE.address());
    }

    @AfterAll
    static void stop() throws Exception {
        merges.shutdownNow();
        world.close();
        MERGE_SERVICE.afterAll(null);
    }

    @Test
    void submittedRequestsAreMergedAtOnceNotAtTheNextScheduledLook() throws Exception {
        MergeWorld.Repo repo = world.project();
        Spec a = world.completed(repo, "Part a", "a.txt", List.of());
        Spec b = world.completed(repo, "Part b", "b.txt", List.of());

        long first = world.submit(merges, repo, SubmitMergeRequest.newBuilder().addSpecIds(a.getId())).getId();
        long second = world.submit(merges, repo, SubmitMergeRequest.newBuilder().addSpecIds(b.getId())).getId();

        for (long id : List.of(first, second)) {
            MergeRequest merge = world.awaitEnd(merges, id);
            assertEquals(MergeStatus.MERGE_STATUS_DONE, merge.getStatus());
            assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, merge.getItems(0).getOutcome(), merge.toString());
        }
    }
}
