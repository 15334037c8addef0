package chant.spec.grpc;

import chant.spec.project.Projects;
import chant.support.grpc.UndecodableRequests;
import chant.support.idempotency.RequestIds;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateProjectResponse;
import chant.v1.GetProjectRequest;
import chant.v1.GetProjectResponse;
import chant.v1.ListProjectsRequest;
import chant.v1.ListProjectsResponse;
import chant.v1.MutinyProjectServiceGrpc;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** chant.v1.ProjectService over {@link Projects}. */
@GrpcService
@Blocking
public class ProjectGrpcService extends MutinyProjectServiceGrpc.ProjectServiceImplBase {

    /** The generated binding, guarded against request messages that cannot be decoded. */
    @Override
    public ServerServiceDefinition bindService() {
        return UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Projects projects;

    @Override
    public Uni<CreateProjectResponse> createProject(CreateProjectRequest request) {
        return Uni.createFrom().item(() -> {
            chant.v1.Project p = request.getProject();
            var created = projects.create(new Projects.Settings(p.getName(), p.getRepoUrl(), p.getDefaultBranch(),
                    p.getBranchPrefix(), p.getDefaultPrompt(), ProtoMapper.fromProto(p.getRejectionAction()),
                    p.getRunTimeoutSeconds(), p.getArchiveInRepository()),
                    RequestIds.orNull(request.getRequestId()));
            return CreateProjectResponse.newBuilder().setProject(ProtoMapper.toProto(created)).build();
        });
    }

    @Override
    public Uni<GetProjectResponse> getProject(GetProjectRequest request) {
        return Uni.createFrom().item(() -> GetProjectResponse.newBuilder()
                .setProject(ProtoMapper.toProto(projects.require(request.getName()))).build());
    }

    @Override
    public Uni<ListProjectsResponse> listProjects(ListProjectsRequest request) {
        return Uni.createFrom().item(() -> ListProjectsResponse.newBuilder()
                .addAllProjects(projects.list().stream().map(ProtoMapper::toProto).toList()).build());
    }
}
