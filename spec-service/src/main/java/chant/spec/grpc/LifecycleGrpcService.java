package chant.spec.grpc;

import chant.support.grpc.UndecodableRequests;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.spec.approval.Approvals;
import chant.spec.store.Blocker;
import chant.spec.lifecycle.Cancellations;
import chant.spec.lifecycle.Lifecycle;
import chant.spec.lifecycle.LifecycleQueries;
import chant.spec.lifecycle.Transition;
import chant.spec.store.Blockers;
import chant.spec.store.Spec;
import chant.spec.store.SpecView;
import chant.spec.store.SpecPage;
import chant.spec.content.SpecStatus;
import chant.v1.ApproveSpecRequest;
import chant.v1.ApproveSpecResponse;
import chant.v1.RequestApprovalRequest;
import chant.v1.RequestApprovalResponse;
import chant.v1.CancelSpecRequest;
import chant.v1.CancelSpecResponse;
import chant.v1.GetBlockersRequest;
import chant.v1.GetBlockersResponse;
import chant.v1.GetDependencyGraphRequest;
import chant.v1.GetDependencyGraphResponse;
import chant.v1.GetStatusSummaryRequest;
import chant.v1.GetStatusSummaryResponse;
import chant.v1.GraphNode;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListReadySpecsResponse;
import chant.v1.RejectSpecRequest;
import chant.v1.RejectSpecResponse;
import chant.v1.ResetSpecRequest;
import chant.v1.ResetSpecResponse;
import chant.v1.SpecFindings;
import chant.v1.MutinySpecLifecycleServiceGrpc;
import chant.v1.StatusCount;
import chant.v1.TopologicalOrderRequest;
import chant.v1.TopologicalOrderResponse;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import chant.v1.ValidateSpecsRequest;
import chant.v1.ValidateSpecsResponse;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;

/** chant.v1.SpecLifecycleService over the lifecycle, approval and query beans. */
@GrpcService
@Blocking
public class LifecycleGrpcService extends MutinySpecLifecycleServiceGrpc.SpecLifecycleServiceImplBase {

    /** The generated binding, guarded against request messages that cannot be decoded. */
    @Override
    public ServerServiceDefinition bindService() {
        return UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Lifecycle lifecycle;

    @Inject
    Cancellations cancellations;

    @Inject
    Approvals approvals;

    @Inject
    LifecycleQueries queries;

    @Inject
    chant.spec.lifecycle.MergeRecords merges;

    @Inject
    chant.spec.lifecycle.Archiving archiving;

    @Override
    public Uni<TransitionSpecResponse> transitionSpec(TransitionSpecRequest r) {
        return Uni.createFrom().item(() -> {
            SpecStatus to = ProtoMapper.fromProto(r.getTo());
            Lifecycle.Result result = lifecycle.transition(r.getProject(), r.getId(), to, r.getReason(), r.getForce(),
                    r.getExpectedVersion(), CurrentPrincipal.get());
            return TransitionSpecResponse.newBuilder()
                    .setSpec(ProtoMapper.toProto(result.spec(), true))
                    .addAllTransitions(result.transitions().stream().map(LifecycleGrpcService::toProto).toList())
                    .build();
        });
    }

    @Override
    public Uni<ListReadySpecsResponse> listReadySpecs(ListReadySpecsRequest r) {
        return Uni.createFrom().item(() -> {
            SpecPage page = queries.ready(r.getProject(), ProtoMapper.mapNonNull(r.getTypesList(), ProtoMapper::fromProto),
                    r.getLabelsList(), r.getDriver(), r.getPageSize(), r.getPageToken(), CurrentPrincipal.get());
            return ListReadySpecsResponse.newBuilder()
                    .addAllSpecs(summaries(page.specs()))
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public Uni<GetBlockersResponse> getBlockers(GetBlockersRequest r) {
        return Uni.createFrom().item(() -> {
            Blockers.Report report = queries.blockers(r.getProject(), r.getId(), CurrentPrincipal.get());
            return GetBlockersResponse.newBuilder()
                    .setId(report.specId())
                    .setReady(report.ready())
                    .addAllBlockers(report.blockers().stream().map(LifecycleGrpcService::toProto).toList())
                    .build();
        });
    }

    @Override
    public Uni<TopologicalOrderResponse> topologicalOrder(TopologicalOrderRequest r) {
        return Uni.createFrom().item(() -> TopologicalOrderResponse.newBuilder()
                .addAllIds(queries.topologicalOrder(r.getProject(), r.getIdsList(), CurrentPrincipal.get())).build());
    }

    @Override
    public Uni<GetDependencyGraphResponse> getDependencyGraph(GetDependencyGraphRequest r) {
        return Uni.createFrom().item(() -> GetDependencyGraphResponse.newBuilder()
                .addAllNodes(queries.graph(r.getProject(), r.getLabel(), CurrentPrincipal.get()).stream().map(v -> GraphNode.newBuilder()
                        .setId(v.spec().specId)
                        .setTitle(v.spec().title)
                        .setStatus(ProtoMapper.toProto(v.status()))
                        .addAllDependsOn(v.spec().dependsOn)
                        .setDriver(v.spec().driverId == null ? "" : v.spec().driverId)
                        .build()).toList())
                .build());
    }

    @Override
    public Uni<ApproveSpecResponse> approveSpec(ApproveSpecRequest r) {
        return Uni.createFrom().item(() -> ApproveSpecResponse.newBuilder()
                .setSpec(ProtoMapper.toProto(approvals.approve(r.getProject(), r.getId(), r.getComment(),
                        CurrentPrincipal.get()).spec(), true))
                .build());
    }

    @Override
    public Uni<RequestApprovalResponse> requestApproval(RequestApprovalRequest r) {
        return Uni.createFrom().item(() -> RequestApprovalResponse.newBuilder()
                .setSpec(ProtoMapper.toProto(approvals.requestApproval(r.getProject(), r.getId(), r.getComment(),
                        CurrentPrincipal.get()), true))
                .build());
    }

    @Override
    public Uni<RejectSpecResponse> rejectSpec(RejectSpecRequest r) {
        return Uni.createFrom().item(() -> {
            Approvals.Outcome outcome = approvals.reject(r.getProject(), r.getId(), r.getReason(), CurrentPrincipal.get());
            return RejectSpecResponse.newBuilder()
                    .setSpec(ProtoMapper.toProto(outcome.spec(), true))
                    .addAllCreatedIds(outcome.createdIds())
                    .build();
        });
    }

    @Override
    public Uni<CancelSpecResponse> cancelSpec(CancelSpecRequest r) {
        return Uni.createFrom().item(() -> CancelSpecResponse.newBuilder()
                .addAllCancelledIds(cancellations.cancel(r.getProject(), r.getId(), r.getCascade(), r.getForce(),
                        r.getReason(), CurrentPrincipal.get()))
                .build());
    }

    @Override
    public Uni<ResetSpecResponse> resetSpec(ResetSpecRequest r) {
        return Uni.createFrom().item(() -> ResetSpecResponse.newBuilder()
                .setSpec(ProtoMapper.toProto(cancellations.reset(r.getProject(), r.getId(), r.getReason(),
                        CurrentPrincipal.get()).spec(), true))
                .build());
    }

    @Override
    public Uni<chant.v1.RecordMergeResponse> recordMerge(chant.v1.RecordMergeRequest r) {
        return Uni.createFrom().item(() -> chant.v1.RecordMergeResponse.newBuilder()
                .setSpec(ProtoMapper.toProto(merges.record(r.getProject(), r.getId(), r.getMergeCommit(), r.getInto(),
                        CurrentPrincipal.get()), true))
                .build());
    }

    @Override
    public Uni<chant.v1.ArchiveSpecsResponse> archiveSpecs(chant.v1.ArchiveSpecsRequest r) {
        return Uni.createFrom().item(() -> chant.v1.ArchiveSpecsResponse.newBuilder()
                .addAllSpecs(archiving.archive(r.getProject(), r.getIdsList(), r.getForce(), r.getDryRun(), r.getFolder(),
                        CurrentPrincipal.get()).stream().map(s -> ProtoMapper.toProto(s, false)).toList())
                .build());
    }

    @Override
    public Uni<ValidateSpecsResponse> validateSpecs(ValidateSpecsRequest r) {
        return Uni.createFrom().item(() -> {
            List<LifecycleQueries.Findings> findings = queries.validate(r.getProject(), r.getId(), CurrentPrincipal.get());
            ValidateSpecsResponse.Builder b = ValidateSpecsResponse.newBuilder()
                    .setCheckedCount(queries.checkedCount(r.getProject(), r.getId()));
            int errors = 0;
            int warnings = 0;
            for (LifecycleQueries.Findings f : findings) {
                b.addSpecs(SpecFindings.newBuilder().setSpecId(f.specId())
                        .addAllProblems(f.problems().stream().map(ProtoMapper::toProto).toList()));
                errors += (int) f.problems().stream().filter(chant.spec.content.Problem::isError).count();
                warnings += (int) f.problems().stream().filter(p -> !p.isError()).count();
            }
            return b.setErrorCount(errors).setWarningCount(warnings).build();
        });
    }

    @Override
    public Uni<GetStatusSummaryResponse> getStatusSummary(GetStatusSummaryRequest r) {
        return Uni.createFrom().item(() -> {
            LifecycleQueries.Summary summary = queries.summary(r.getProject(), CurrentPrincipal.get());
            GetStatusSummaryResponse.Builder b = GetStatusSummaryResponse.newBuilder();
            summary.counts().forEach((status, count) -> b.addCounts(StatusCount.newBuilder()
                    .setStatus(ProtoMapper.toProto(status)).setCount(count)));
            return b.addAllReadySpecs(summaries(summary.ready().specs()))
                    .setReadyCount(summary.ready().totalCount())
                    .addAllBlockedSpecs(summaries(summary.blocked().specs()))
                    .setBlockedCount(summary.blocked().totalCount())
                    .build();
        });
    }

    private static List<chant.v1.Spec> summaries(List<SpecView> specs) {
        return specs.stream().map(s -> ProtoMapper.toProto(s, false)).toList();
    }

    private static chant.v1.Transition toProto(Transition t) {
        return chant.v1.Transition.newBuilder()
                .setSpecId(t.specId())
                .setFrom(ProtoMapper.toProto(t.from()))
                .setTo(ProtoMapper.toProto(t.to()))
                .setForced(t.forced())
                .setAutomatic(t.automatic())
                .build();
    }

    private static chant.v1.Blocker toProto(Blocker b) {
        chant.v1.Blocker.Builder builder = chant.v1.Blocker.newBuilder()
                .setKind(ProtoEnums.BLOCKER_KIND.toProto(b.kind()))
                .setSpecId(b.specId() == null ? "" : b.specId())
                .setDescription(b.description());
        if (b.status() != null) {
            builder.setStatus(ProtoMapper.toProto(b.status()));
        }
        return builder.build();
    }
}
