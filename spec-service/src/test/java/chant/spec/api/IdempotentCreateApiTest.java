package chant.spec.api;

import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.Project;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A create retried after an outage with its request_id gets what the first attempt made, not a second one. */
@QuarkusTest
class IdempotentCreateApiTest extends ApiTestBase {

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
}
