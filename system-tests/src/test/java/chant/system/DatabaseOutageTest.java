package chant.system;

import chant.support.testing.GrpcAssertions;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.testing.ServiceProcess;
import chant.support.testing.TcpProxy;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetProjectRequest;
import chant.v1.GetSpecRequest;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.SpecEvent;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.WatchSpecEventsRequest;
import chant.v1.WatchSpecEventsResponse;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static chant.support.testing.GrpcAssertions.assertStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spec-service, as a process, loses its database in the middle of work: a TCP proxy between the
 * service and PostgreSQL is cut and restored. Calls fail fast with UNAVAILABLE meanwhile, the first
 * call after the database is back succeeds, and nothing half-written remains.
 */
class DatabaseOutageTest {

    private static final TcpProxy DATABASE = TcpProxy.to("127.0.0.1", TestDatabase.port());

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT")
            .with("CHANT_DB_URL", TestDatabase.urlThrough(DATABASE.port()));

    private static ManagedChannel channel;
    private static SpecServiceGrpc.SpecServiceBlockingStub specs;
    private static ProjectServiceGrpc.ProjectServiceBlockingStub projects;

    @BeforeAll
    static void connect() {
        channel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        specs = SpecServiceGrpc.newBlockingStub(channel).withInterceptors(GrpcAssertions.callingAs("outage-test"));
        projects = ProjectServiceGrpc.newBlockingStub(channel).withInterceptors(GrpcAssertions.callingAs("outage-test"));
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
        DATABASE.close();
    }

    @AfterEach
    void databaseBack() {
        DATABASE.restore();
    }

    @Test
    void callsFailFastWithUnavailableWhileTheDatabaseIsDownAndTheFirstCallAfterSucceeds() throws Exception {
        String project = newProject();
        String id = specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Before").build())
                .getSpec().getId();
        CreateSpecRequest retried = CreateSpecRequest.newBuilder().setProject(project).setTitle("During")
                .setRequestId(UUID.randomUUID().toString()).build();
        fillThePool(project, 16);

        DATABASE.cut();

        String get = assertStatus(Status.Code.UNAVAILABLE, () -> specs().getSpec(GetSpecRequest.newBuilder()
                .setProject(project).setId(id).build()));
        assertTrue(get.contains("database cannot be reached"), get);
        assertStatus(Status.Code.UNAVAILABLE, () -> specs().createSpec(retried));
        assertStatus(Status.Code.UNAVAILABLE, () -> specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> health("ready") == 503);
        assertEquals(200, health("live"), "the process is fine: liveness stays up");

        DATABASE.restore();

        assertEquals("Before", specs().getSpec(GetSpecRequest.newBuilder().setProject(project).setId(id).build())
                .getSpec().getTitle(), "the first call after the outage succeeds");
        String created = specs().createSpec(retried).getSpec().getId();
        assertEquals(created, specs().createSpec(retried).getSpec().getId());
        assertEquals(2, specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getSpecsCount());
        await().atMost(Duration.ofSeconds(30)).until(() -> health("ready") == 200);
    }

    @Test
    void anImportCutByTheOutageLeavesNothingAndRunsAgain() throws Exception {
        String project = "outage-import-" + UUID.randomUUID().toString().substring(0, 8);
        long before = DATABASE.bytesForwarded();
        CompletableFuture<ImportSpecsResponse> cutShort = importFolder(project, 3000);
        // Cut once the import's transaction is under way (its statements reach the database).
        await().atMost(Duration.ofSeconds(60)).until(() -> DATABASE.bytesForwarded() > before + 200_000 || cutShort.isDone());
        DATABASE.cut();

        StatusRuntimeException failure = assertStatusOf(cutShort);
        assertEquals(Status.Code.UNAVAILABLE, failure.getStatus().getCode(), failure.getStatus().toString());

        DATABASE.restore();
        assertStatus(Status.Code.NOT_FOUND, () -> projects().getProject(GetProjectRequest.newBuilder().setName(project).build()));
        ImportSpecsResponse again = importFolder(project, 3000).get(120, TimeUnit.SECONDS);
        assertEquals(3000, again.getImportedCount());
        assertEquals(1000, specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project).setPageSize(1000).build())
                .getSpecsCount());
    }

    @Test
    void aWatchThatLosesTheDatabaseEndsWithUnavailableAndResumesWithoutAGap() throws Exception {
        String project = newProject();
        specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Marker").build());
        long marker = SpecEventServiceGrpc.newBlockingStub(channel).withInterceptors(GrpcAssertions.callingAs("outage-test"))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .listSpecEvents(chant.v1.ListSpecEventsRequest.newBuilder().setProject(project).build())
                .getEvents(0).getSequence();
        String first = specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("First").build())
                .getSpec().getId();
        Watch watch = new Watch(project, marker);
        SpecEvent seen = watch.next();
        assertEquals(first, seen.getSpecId());

        DATABASE.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.failure.get() != null);
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(watch.failure.get()).getCode(),
                String.valueOf(watch.failure.get()));
        DATABASE.restore();

        String second = specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Second").build())
                .getSpec().getId();
        Watch resumed = new Watch(project, seen.getSequence());
        assertEquals(second, resumed.next().getSpecId(), "the resumed watch starts right after the last event seen");
    }

    /** Opens many pooled connections at once, so that the pool holds connections from before the outage. */
    private static void fillThePool(String project, int calls) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(calls);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    return specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project).setText("x").build());
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> call : done) {
                call.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String newProject() {
        String name = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        projects().createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)).build());
        return name;
    }

    private static SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return specs.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static ProjectServiceGrpc.ProjectServiceBlockingStub projects() {
        return projects.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static int health(String which) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + SPEC_SERVICE.port() + "/q/health/" + which)
                .toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(20_000);
        return c.getResponseCode();
    }

    private static CompletableFuture<ImportSpecsResponse> importFolder(String project, int files) {
        CompletableFuture<ImportSpecsResponse> result = new CompletableFuture<>();
        StreamObserver<ImportSpecsRequest> upload = SpecServiceGrpc.newStub(channel)
                .withInterceptors(GrpcAssertions.callingAs("outage-test"))
                .withDeadlineAfter(300, TimeUnit.SECONDS)
                .importSpecs(new StreamObserver<>() {
                    @Override
                    public void onNext(ImportSpecsResponse value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(null);
                    }
                });
        upload.onNext(ImportSpecsRequest.newBuilder().setHeader(ImportHeader.newBuilder().setProject(project)
                .setCreateProject(true)).build());
        for (int i = 0; i < files; i++) {
            upload.onNext(ImportSpecsRequest.newBuilder().setFile(ImportFile.newBuilder()
                    .setPath(String.format("specs/2026-01-01-%03d-o%02d.md", i / 100 + 1, i % 100).replace(" ", "0"))
                    .setContent(ByteString.copyFromUtf8("---\ntype: task\nlabels: [outage]\n---\n# Spec " + i
                            + "\n\n## Acceptance Criteria\n\n- [ ] done\n"))).build());
        }
        upload.onCompleted();
        return result;
    }

    private static StatusRuntimeException assertStatusOf(CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException sre) {
                return sre;
            }
            throw new AssertionError("the call failed without a status", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call neither failed nor finished within 120 s");
        }
        throw new AssertionError("the import finished before the database was cut; it should have been cut short");
    }

    /** A watch in the background: its events in a queue, its end in failure. */
    private static final class Watch {
        final BlockingQueue<SpecEvent> received = new LinkedBlockingQueue<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Watch(String project, long after) {
            SpecEventServiceGrpc.newStub(channel).withInterceptors(GrpcAssertions.callingAs("outage-test")).watchSpecEvents(WatchSpecEventsRequest.newBuilder().setProject(project)
                    .setAfterSequence(after).build(), new StreamObserver<>() {
                        @Override
                        public void onNext(WatchSpecEventsResponse value) {
                            received.add(value.getEvent());
                        }

                        @Override
                        public void onError(Throwable t) {
                            failure.set(t);
                        }

                        @Override
                        public void onCompleted() {
                            failure.set(new IllegalStateException("the watch ended without an error"));
                        }
                    });
        }

        SpecEvent next() throws InterruptedException {
            SpecEvent event = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(event, "an event arrived within 30 s; failure: " + failure.get());
            return event;
        }
    }
}
