package chant.system;

import chant.client.CallerMetadata;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.SpecServiceGrpc;
import io.grpc.Channel;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** What the system tests ask the real spec-service: a fresh project, and specs in it. */
final class SpecServiceCalls {

    private final Channel channel;

    SpecServiceCalls(Channel channel) {
        this.channel = channel;
    }

    /** Creates a project with a unique name (and {@code repoUrl}, may be empty); returns the name. */
    String newProject(String repoUrl) {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 12);
        ProjectServiceGrpc.newBlockingStub(channel).withInterceptors(CallerMetadata.asUser("system-test"))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)
                        .setRepoUrl(repoUrl)).build());
        return name;
    }

    /** Creates a spec; returns its ID. */
    String newSpec(String project, String title, String body) {
        return SpecServiceGrpc.newBlockingStub(channel).withInterceptors(CallerMetadata.asUser("system-test"))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle(title).setBody(body).build())
                .getSpec().getId();
    }
}
