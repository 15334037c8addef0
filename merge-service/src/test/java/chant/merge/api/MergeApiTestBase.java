package chant.merge.api;

import chant.merge.testing.Remote;
import chant.merge.testing.ScriptedSpecService;
import chant.merge.testing.ScriptedSpecServiceResource;
import chant.support.testing.GrpcAssertions;
import chant.v1.GetMergeRequest;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.SubmitMergeRequest;
import io.quarkus.grpc.GrpcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up of the API tests: a blocking stub over real gRPC on the test port (as user alice, a
 * platform admin: {@code GrpcAssertions.asUser}),
 * the scripted spec-service, and for each test a project of its own with a real bare remote, so
 * that tests never share a queue.
 */
@io.quarkus.test.common.QuarkusTestResource(value = ScriptedSpecServiceResource.class, restrictToAnnotatedClass = false)
public abstract class MergeApiTestBase {

    private static final AtomicInteger PROJECTS = new AtomicInteger();

    @GrpcClient("merges")
    MergeServiceGrpc.MergeServiceBlockingStub stub;

    protected MergeServiceGrpc.MergeServiceBlockingStub merges;
    protected ScriptedSpecService specs;
    protected String project;
    protected Remote remote;

    @BeforeEach
    void projectOfItsOwn() {
        merges = GrpcAssertions.asUser(stub, "alice");
        specs = ScriptedSpecServiceResource.server();
        specs.setDown(false);
        specs.refuseCredentials(false);
        project = "kv" + PROJECTS.incrementAndGet() + "-" + System.nanoTime();
        try {
            remote = new Remote(Files.createTempDirectory("merge-api-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        specs.project(project, remote.url());
    }

    /** A completed spec whose branch chant/<id> has one commit writing {@code path}, pushed. */
    protected String finished(String id, String path, String content, String... labels) {
        String head = remote.on("chant/" + id, "main").commit(path, content, "chant(" + id + "): work").push().head();
        remote.on("main", "main");
        specs.completed(project, id, "chant/" + id, labels);
        return head;
    }

    protected SubmitMergeRequest.Builder submit(String... ids) {
        return SubmitMergeRequest.newBuilder().setProject(project).addAllSpecIds(java.util.List.of(ids));
    }

    protected MergeRequest get(long id) {
        return merges.getMerge(GetMergeRequest.newBuilder().setMergeId(id).build()).getMerge();
    }

    /**
     * Someone pushes a commit to main behind the queue's back, once, right after the queue recorded
     * its first intent (before its push): the one element of the returned array is that commit, once
     * pushed.
     */
    protected String[] pushToMainAfterTheFirstIntent(chant.merge.queue.Checkpoints checkpoints) {
        java.util.concurrent.atomic.AtomicBoolean pushed = new java.util.concurrent.atomic.AtomicBoolean();
        String[] theirs = new String[1];
        checkpoints.afterIntent((mergeId, specId) -> {
            if (pushed.compareAndSet(false, true)) {
                theirs[0] = remote.on("main", "main").commit("docs.md", "someone else\n", "pushed meanwhile").push()
                        .head();
            }
        });
        return theirs;
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** How many items of the request have a recorded intent (what a push is about to do). */
    protected int intents(long mergeId) {
        return ((Number) query("SELECT count(*) FROM merge.merge_item WHERE merge_id = ? AND intent IS NOT NULL",
                mergeId)).intValue();
    }

    /** The project's queue's last failure: why its last look gave up ("" when none did). */
    protected String lastFailure() {
        return (String) query("SELECT coalesce(max(last_failure), '') FROM merge.merge_queue WHERE project = ?",
                project);
    }

    /** The one value of a one-row query with one parameter. */
    private Object query(String sql, Object parameter) {
        try (var c = dataSource.getConnection(); var q = c.prepareStatement(sql)) {
            q.setObject(1, parameter);
            try (var r = q.executeQuery()) {
                r.next();
                return r.getObject(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
