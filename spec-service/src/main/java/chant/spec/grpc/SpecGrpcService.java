package chant.spec.grpc;

import chant.support.grpc.UndecodableRequests;
import chant.support.auth.Principal;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.support.idempotency.RequestIds;
import chant.spec.specs.NewSpec;
import chant.spec.store.SpecFilter;
import chant.spec.store.SpecPage;
import chant.spec.specs.SpecPatch;
import chant.spec.specs.Specs;
import chant.spec.transfer.SpecExporter;
import chant.spec.transfer.SpecImporter;
import chant.v1.CreateSpecRequest;
import chant.v1.CreateSpecResponse;
import chant.v1.DeleteSpecRequest;
import chant.v1.DeleteSpecResponse;
import chant.v1.ExportSpecsRequest;
import chant.v1.ExportSpecsResponse;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.RenderSpecFilesRequest;
import chant.v1.RenderSpecFilesResponse;
import chant.v1.ResolveSpecIdRequest;
import chant.v1.ResolveSpecIdResponse;
import chant.v1.MutinySpecServiceGrpc;
import chant.v1.StringList;
import chant.v1.UpdateSpecRequest;
import chant.v1.UpdateSpecResponse;
import com.google.protobuf.ByteString;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import java.util.List;

/** chant.v1.SpecService over {@link Specs}, {@link SpecImporter} and {@link SpecExporter}. */
@GrpcService
public class SpecGrpcService extends MutinySpecServiceGrpc.SpecServiceImplBase {

    /** The generated binding, guarded against request messages that cannot be decoded. */
    @Override
    public ServerServiceDefinition bindService() {
        return UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Specs specs;

    @Inject
    SpecImporter importer;

    @Inject
    SpecExporter exporter;

    @Override
    @Blocking
    public Uni<CreateSpecResponse> createSpec(CreateSpecRequest r) {
        return Uni.createFrom().item(() -> {
            var spec = specs.createForClient(new NewSpec(r.getProject(), r.getTitle(), r.getBody(),
                    ProtoMapper.fromProto(r.getType()), r.getLabelsList(), r.getDependsOnList(),
                    r.getInformedByList(), r.getContextList(), r.getTargetFilesList(), r.getPrompt(),
                    r.getModel(), r.getNeedsApproval(), r.getDriver(),
                    RequestIds.orNull(r.getRequestId())), CurrentPrincipal.get());
            return CreateSpecResponse.newBuilder().setSpec(ProtoMapper.toProto(spec, true)).build();
        });
    }

    @Override
    @Blocking
    public Uni<GetSpecResponse> getSpec(GetSpecRequest r) {
        return Uni.createFrom().item(() -> {
            var spec = specs.get(r.getProject(), r.getId(), CurrentPrincipal.get());
            var response = GetSpecResponse.newBuilder().setSpec(ProtoMapper.toProto(spec, true));
            if (r.getIncludeMarkdown()) {
                response.setMarkdown(exporter.markdown(spec.spec()));
            }
            return response.build();
        });
    }

    @Override
    @Blocking
    public Uni<ListSpecsResponse> listSpecs(ListSpecsRequest r) {
        return Uni.createFrom().item(() -> {
            SpecFilter filter = new SpecFilter(
                    ProtoMapper.mapNonNull(r.getStatusesList(), ProtoMapper::fromProto),
                    ProtoMapper.mapNonNull(r.getTypesList(), ProtoMapper::fromProto),
                    r.getLabelsList(), r.getText(), ProtoMapper.fromProto(r.getArchived()), r.getDriver());
            SpecPage page = specs.list(r.getProject(), filter, r.getPageSize(), r.getPageToken(), CurrentPrincipal.get());
            return ListSpecsResponse.newBuilder()
                    .addAllSpecs(page.specs().stream().map(s -> ProtoMapper.toProto(s, false)).toList())
                    .setNextPageToken(page.nextPageToken())
                    .setTotalCount(page.totalCount())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<UpdateSpecResponse> updateSpec(UpdateSpecRequest r) {
        return Uni.createFrom().item(() -> {
            SpecPatch patch = new SpecPatch(
                    r.hasTitle() ? r.getTitle() : null,
                    r.hasBody() ? r.getBody() : null,
                    ProtoMapper.fromProto(r.getType()),
                    ProtoMapper.fromProto(r.getStatus()),
                    r.hasLabels() ? values(r.getLabels()) : null,
                    r.hasDependsOn() ? values(r.getDependsOn()) : null,
                    r.hasInformedBy() ? values(r.getInformedBy()) : null,
                    r.hasContext() ? values(r.getContext()) : null,
                    r.hasTargetFiles() ? values(r.getTargetFiles()) : null,
                    r.hasPrompt() ? r.getPrompt() : null,
                    r.hasModel() ? r.getModel() : null,
                    r.hasNeedsApproval() ? r.getNeedsApproval() : null,
                    r.hasMarkdown() ? r.getMarkdown() : null,
                    r.hasCommits() ? values(r.getCommits()) : null,
                    r.hasBranch() ? r.getBranch() : null,
                    r.hasCompletedAt() ? r.getCompletedAt() : null,
                    r.getReason());
            var spec = specs.update(r.getProject(), r.getId(), r.getExpectedVersion(), patch, CurrentPrincipal.get());
            return UpdateSpecResponse.newBuilder().setSpec(ProtoMapper.toProto(spec, true)).build();
        });
    }

    @Override
    @Blocking
    public Uni<DeleteSpecResponse> deleteSpec(DeleteSpecRequest r) {
        return Uni.createFrom().item(() -> DeleteSpecResponse.newBuilder()
                .setId(specs.delete(r.getProject(), r.getId(), r.getExpectedVersion(), CurrentPrincipal.get())).build());
    }

    @Override
    @Blocking
    public Uni<ResolveSpecIdResponse> resolveSpecId(ResolveSpecIdRequest r) {
        return Uni.createFrom().item(() -> {
            var resolved = specs.resolve(r.getProject(), r.getQuery(), CurrentPrincipal.get());
            return ResolveSpecIdResponse.newBuilder()
                    .setId(resolved.id())
                    .setMatch(ProtoEnums.ID_MATCH.toProto(resolved.match()))
                    .build();
        });
    }

    /** Collects the streamed folder, then imports it on a worker thread. */
    @Override
    public Uni<ImportSpecsResponse> importSpecs(Multi<ImportSpecsRequest> request) {
        Principal caller = CurrentPrincipal.get();
        return request.collect().asList()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(messages -> Uni.createFrom().item(() -> ImportMessages.toResponse(
                        importer.importFolder(ImportMessages.header(messages), ImportMessages.files(messages), caller))))
                .flatMap(uni -> uni);
    }

    @Override
    @Blocking
    public Multi<ExportSpecsResponse> exportSpecs(ExportSpecsRequest r) {
        try {
            List<ExportSpecsResponse> files = exporter.export(r.getProject(), !r.getExcludeArchived(), CurrentPrincipal.get()).stream()
                    .map(f -> ExportSpecsResponse.newBuilder()
                            .setPath(f.path())
                            .setContent(ByteString.copyFromUtf8(f.content()))
                            .build())
                    .toList();
            return Multi.createFrom().iterable(files);
        } catch (RuntimeException e) {
            return Multi.createFrom().failure(e);
        }
    }

    @Override
    @Blocking
    public Uni<RenderSpecFilesResponse> renderSpecFiles(RenderSpecFilesRequest r) {
        return Uni.createFrom().item(() -> RenderSpecFilesResponse.newBuilder()
                .addAllFiles(exporter.render(r.getProject(), r.getIdsList(), r.getArchiveFolder(), CurrentPrincipal.get()).stream()
                        .map(f -> chant.v1.SpecFile.newBuilder().setSpecId(f.specId()).setPath(f.path())
                                .setContent(ByteString.copyFromUtf8(f.content())).build())
                        .toList())
                .build());
    }

    private static List<String> values(StringList list) {
        return list.getValuesList();
    }

}
