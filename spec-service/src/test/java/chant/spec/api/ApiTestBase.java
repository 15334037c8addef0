package chant.spec.api;

import chant.support.testing.GrpcAssertions;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetSpecRequest;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared set-up of the API tests: blocking stubs over real gRPC on the test port, a fresh
 * project per test (so tests never see each other's specs), and small helpers.
 */
public abstract class ApiTestBase {

    @GrpcClient("specs")
    protected SpecServiceGrpc.SpecServiceBlockingStub specs;

    @GrpcClient("projects")
    protected ProjectServiceGrpc.ProjectServiceBlockingStub projects;

    @GrpcClient("lifecycle")
    protected chant.v1.SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle;

    @GrpcClient("events")
    protected chant.v1.SpecEventServiceGrpc.SpecEventServiceBlockingStub events;

    /** Creates a project with a unique name and returns the name. */
    protected String newProject() {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 12);
        projects.createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName(name)).build());
        return name;
    }

    /** The spec stub acting as {@code user}. */
    protected SpecServiceGrpc.SpecServiceBlockingStub as(String user) {
        return asUser(specs, user);
    }

    /** {@code stub} calling as {@code user}. */
    protected static <S extends io.grpc.stub.AbstractStub<S>> S asUser(S stub, String user) {
        return GrpcAssertions.asUser(stub, user);
    }

    protected Spec create(String project, String title, Consumer<CreateSpecRequest.Builder> customize) {
        CreateSpecRequest.Builder request = CreateSpecRequest.newBuilder().setProject(project).setTitle(title);
        customize.accept(request);
        return specs.createSpec(request.build()).getSpec();
    }

    protected Spec create(String project, String title) {
        return create(project, title, r -> { });
    }

    /** Moves a spec to {@code to} (by its status name in files, e.g. "in_progress") as {@code user}. */
    protected chant.v1.TransitionSpecResponse transition(String project, String id, chant.v1.SpecStatus to) {
        return lifecycle.transitionSpec(chant.v1.TransitionSpecRequest.newBuilder()
                .setProject(project).setId(id).setTo(to).build());
    }

    /** Starts and completes a spec (its criteria, if any, must be checked). */
    protected void finish(String project, String id) {
        transition(project, id, chant.v1.SpecStatus.SPEC_STATUS_IN_PROGRESS);
        transition(project, id, chant.v1.SpecStatus.SPEC_STATUS_COMPLETED);
    }

    protected Spec get(String project, String id) {
        return specs.getSpec(GetSpecRequest.newBuilder().setProject(project).setId(id).build()).getSpec();
    }

    /** Asserts that the call fails with {@code code} and returns the status description. */
    protected static String assertStatus(Status.Code code, Executable call) {
        return GrpcAssertions.assertStatus(code, call);
    }
}
