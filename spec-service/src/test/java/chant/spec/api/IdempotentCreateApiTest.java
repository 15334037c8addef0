package chant.spec.api;

import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.ListProjectsRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.Project;
import chant.v1.Spec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A create retried after an outage with its request_id gets what the first attempt made, not a second one. */
@QuarkusTest
class IdempotentCreateApiTest extends ApiTestBase {

    /** Calls sent while the test holds a table lock, so that they wait in the service. */
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stopClients() throws InterruptedException {
        // No interrupts: every call has a deadline, and once the table lock is gone they all end.
        clients.shutdown();
        assertTrue(clients.awaitTermination(90, TimeUnit.SECONDS), "the calls ended");
    }

    @Test
    void aRetriedSpecCreateReturnsTheSpecOfTheFirstAttempt() {
        String project = newProject();
        String key = UUID.randomUUID().toString();
        CreateSpecRequest request = CreateSpecRequest.newBuilder().setProject(project).setTitle("Once")
                .setRequestId(key).build();

        String first = specs.createSpec(request).getSpec().getId();
        String retried = specs.createSpec(request).getSpec().getId();
        String other = specs.createSpec(request.toBuilder().setRequestId(UUID.randomUUID().toString()).build())
                .getSpec().getId();
        String unkeyed = specs.createSpec(request.toBuilder().clearRequestId().build()).getSpec().getId();

        assertEquals(first, retried);
        assertNotEquals(first, other);
        assertNotEquals(first, unkeyed);
        assertEquals(3, specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getSpecsCount());
    }

    @Test
    void concurrentRetriesOfOneCreateMakeOneSpec() throws Exception {
        String project = newProject();
        CreateSpecRequest request = CreateSpecRequest.newBuilder().setProject(project).setTitle("Raced")
                .setRequestId(UUID.randomUUID().toString()).build();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);

        List<String> ids = Parallel.run(8, 1, i -> {
            try {
                go.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return specs.createSpec(request).getSpec().getId();
        }, go::countDown);

        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        assertEquals(1, specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getSpecsCount());
    }

    @Test
    void keysArePerProject() {
        String a = newProject();
        String b = newProject();
        String key = UUID.randomUUID().toString();
        String inA = specs.createSpec(CreateSpecRequest.newBuilder().setProject(a).setTitle("A").setRequestId(key).build())
                .getSpec().getId();
        String inB = specs.createSpec(CreateSpecRequest.newBuilder().setProject(b).setTitle("B").setRequestId(key).build())
                .getSpec().getId();
        assertEquals(List.of(a, b), List.of(get(a, inA).getProject(), get(b, inB).getProject()));
    }

    @Test
    void aRetriedProjectCreateReturnsTheProjectInsteadOfAlreadyExists() {
        String name = "idem-" + UUID.randomUUID().toString().substring(0, 8);
        CreateProjectRequest request = CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name))
                .setRequestId("create-" + name).build();

        Project created = projects.createProject(request).getProject();
        assertTrue(created.hasCreateTime(), "the create's answer is the whole project");
        assertEquals(created, projects.createProject(request).getProject());
        assertStatus(Status.Code.ALREADY_EXISTS, () -> projects.createProject(request.toBuilder().setRequestId("other").build()));
        assertStatus(Status.Code.ALREADY_EXISTS, () -> projects.createProject(request.toBuilder().clearRequestId().build()));
    }

    @Test
    void malformedKeysAreRefused() {
        String project = newProject();
        for (String key : new String[] {"has space", "x".repeat(101), "ключ"}) {
            String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.createSpec(CreateSpecRequest.newBuilder()
                    .setProject(project).setTitle("T").setRequestId(key).build()));
            assertTrue(message.startsWith("request_id"), message);
        }
    }

    @Test
    void retriesOfAProjectCreateWhoseFirstAttemptIsStillInFlightWaitAndGetItsProject() throws Exception {
        String name = "inflight-" + UUID.randomUUID().toString().substring(0, 8);
        CreateProjectRequest request = CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name))
                .setRequestId("create-" + name).build();
        Future<Project> first;
        List<Future<Project>> retries = new ArrayList<>();
        Future<Project> otherKey;
        Future<Project> noKey;
        try (TableLock table = TableLock.exclusive("spec.project")) {
            // The first attempt stops at its insert, in flight; every later call must wait for it.
            first = call(() -> createProject(request));
            table.awaitWaiting(1);
            for (int i = 0; i < 7; i++) {
                retries.add(call(() -> createProject(request)));
            }
            otherKey = call(() -> createProject(request.toBuilder().setRequestId("other-" + name).build()));
            noKey = call(() -> createProject(request.toBuilder().clearRequestId().build()));
            table.awaitWaiting(10);
            table.release();
        }

        Project created = first.get(60, TimeUnit.SECONDS);
        for (Future<Project> retry : retries) {
            assertEquals(created, retry.get(60, TimeUnit.SECONDS), "a retry gets the project of the first attempt");
        }
        assertStatus(Status.Code.ALREADY_EXISTS, () -> unwrap(otherKey));
        assertStatus(Status.Code.ALREADY_EXISTS, () -> unwrap(noKey));
        assertEquals(1, projects.listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList().stream()
                .filter(p -> p.getName().equals(name)).count());
    }

    @Test
    void aRetryWhoseFirstAttemptFailsInFlightCreatesTheProjectItself() throws Exception {
        String name = "inflight-" + UUID.randomUUID().toString().substring(0, 8);
        CreateProjectRequest request = CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name))
                .setRequestId("create-" + name).build();
        Future<Project> first;
        Future<Project> retry;
        try (TableLock table = TableLock.exclusive("spec.project")) {
            first = call(() -> createProject(request));
            int firstSession = table.awaitWaiting(1).get(0);
            retry = call(() -> createProject(request));
            table.awaitWaiting(2);
            // The first attempt's connection is lost while it waits: it rolls back, its client gets UNAVAILABLE.
            table.terminate(firstSession);
            table.awaitWaiting(1);
            table.release();
        }

        assertStatus(Status.Code.UNAVAILABLE, () -> unwrap(first));
        assertEquals(name, retry.get(60, TimeUnit.SECONDS).getName());
        assertEquals(name, projects.getProject(chant.v1.GetProjectRequest.newBuilder().setName(name).build())
                .getProject().getName());
    }

    @Test
    void retriesOfASpecCreateWhoseFirstAttemptIsStillInFlightWaitAndGetItsSpec() throws Exception {
        String project = newProject();
        String driver = create(project, "Driver").getId();
        for (String member : new String[] {"", driver}) {
            CreateSpecRequest request = CreateSpecRequest.newBuilder().setProject(project).setTitle("In flight")
                    .setDriver(member).setRequestId(UUID.randomUUID().toString()).build();
            Future<Spec> first;
            List<Future<Spec>> retries = new ArrayList<>();
            try (TableLock table = TableLock.exclusive("spec.spec")) {
                first = call(() -> specs.withDeadlineAfter(60, TimeUnit.SECONDS).createSpec(request).getSpec());
                table.awaitWaiting(1);
                for (int i = 0; i < 7; i++) {
                    retries.add(call(() -> specs.withDeadlineAfter(60, TimeUnit.SECONDS).createSpec(request).getSpec()));
                }
                table.awaitWaiting(8);
                table.release();
            }

            Spec created = first.get(60, TimeUnit.SECONDS);
            assertTrue(created.hasCreateTime(), "the create's answer is the whole spec");
            for (Future<Spec> retry : retries) {
                // update_time: the first answer shows the service's clock, PostgreSQL keeps microseconds of it.
                assertEquals(created.toBuilder().clearUpdateTime().build(),
                        retry.get(60, TimeUnit.SECONDS).toBuilder().clearUpdateTime().build(),
                        member.isEmpty() ? "top-level spec" : "member spec");
            }
        }
        assertEquals(3, specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getSpecsCount(),
                "the driver, one top-level spec and one member");
    }

    private Project createProject(CreateProjectRequest request) {
        return projects.withDeadlineAfter(60, TimeUnit.SECONDS).createProject(request).getProject();
    }

    private <T> Future<T> call(Callable<T> task) {
        return clients.submit(task);
    }

    /** The call's own failure, as the blocking stub threw it. */
    private static <T> T unwrap(Future<T> call) throws Throwable {
        try {
            return call.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException ? e.getCause() : e;
        }
    }
}
