package chant.spec.grpc;

import chant.spec.project.Projects;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.support.grpc.UndecodableRequests;
import chant.support.idempotency.RequestIds;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateProjectResponse;
import chant.v1.GetProjectRequest;
import chant.v1.GetProjectResponse;
import chant.v1.ListProjectsRequest;
import chant.v1.ListProjectsResponse;
import chant.v1.MutinyProjectServiceGrpc;
import chant.v1.UpdateProjectRequest;
import chant.v1.UpdateProjectResponse;
import chant.spec.project.RejectionAction;
import chant.support.failure.InvalidRequestException;
import java.util.List;
import java.util.Optional;
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
                    p.getRunTimeoutSeconds(), p.getVerifyCommandList(), p.getVerifyTimeoutSeconds(),
                    p.getArchiveInRepository()),
                    RequestIds.orNull(request.getRequestId()), CurrentPrincipal.get());
            return CreateProjectResponse.newBuilder().setProject(ProtoMapper.toProto(created)).build();
        });
    }

    @Override
    public Uni<GetProjectResponse> getProject(GetProjectRequest request) {
        return Uni.createFrom().item(() -> GetProjectResponse.newBuilder()
                .setProject(ProtoMapper.toProto(projects.get(request.getName(), CurrentPrincipal.get()))).build());
    }

    @Override
    public Uni<UpdateProjectResponse> updateProject(UpdateProjectRequest request) {
        return Uni.createFrom().item(() -> {
            Projects.Changes changes = new Projects.Changes(
                    request.hasRepoUrl() ? Optional.of(request.getRepoUrl()) : Optional.empty(),
                    request.hasDefaultBranch() ? Optional.of(request.getDefaultBranch()) : Optional.empty(),
                    request.hasBranchPrefix() ? Optional.of(request.getBranchPrefix()) : Optional.empty(),
                    request.hasDefaultPrompt() ? Optional.of(request.getDefaultPrompt()) : Optional.empty(),
                    request.hasRejectionAction() ? Optional.of(rejectionAction(request.getRejectionAction()))
                            : Optional.empty(),
                    request.hasRunTimeoutSeconds() ? Optional.of(request.getRunTimeoutSeconds()) : Optional.empty(),
                    request.hasVerifyCommand() ? Optional.of(List.copyOf(request.getVerifyCommand().getArgsList()))
                            : Optional.empty(),
                    request.hasVerifyTimeoutSeconds() ? Optional.of(request.getVerifyTimeoutSeconds()) : Optional.empty(),
                    request.hasArchiveInRepository() ? Optional.of(request.getArchiveInRepository()) : Optional.empty());
            return UpdateProjectResponse.newBuilder()
                    .setProject(ProtoMapper.toProto(projects.update(request.getName(), changes, CurrentPrincipal.get()))).build();
        });
    }

    private static RejectionAction rejectionAction(chant.v1.RejectionAction action) {
        if (action == chant.v1.RejectionAction.REJECTION_ACTION_UNSPECIFIED
                || action == chant.v1.RejectionAction.UNRECOGNIZED) {
            throw new InvalidRequestException("rejection_action " + action + " is not an action: use stop, dependency "
                    + "or group");
        }
        return ProtoMapper.fromProto(action);
    }

    @Override
    public Uni<ListProjectsResponse> listProjects(ListProjectsRequest request) {
        return Uni.createFrom().item(() -> ListProjectsResponse.newBuilder()
                .addAllProjects(projects.list(CurrentPrincipal.get()).stream().map(ProtoMapper::toProto).toList()).build());
    }
}
