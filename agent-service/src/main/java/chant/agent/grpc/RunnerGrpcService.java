package chant.agent.grpc;

import chant.agent.access.Access;
import chant.agent.log.RunLogs;
import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.agent.queue.Beat;
import chant.agent.queue.Finish;
import chant.agent.queue.RunQueue;
import chant.v1.AppendLogRequest;
import chant.v1.AppendLogResponse;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.FinishRunRequest;
import chant.v1.FinishRunResponse;
import chant.v1.HeartbeatRequest;
import chant.v1.HeartbeatResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/**
 * chant.v1.RunnerService over {@link RunQueue} and {@link RunLogs}. Who may call (docs/auth.md): a
 * run's heartbeats, log, split plan and end only with that run's own token; claiming a run only the
 * runner pool's service identity ({@link Access#RUNNER_POOL}). Each check comes before anything is
 * read or written.
 */
@GrpcService
public class RunnerGrpcService extends chant.v1.MutinyRunnerServiceGrpc.RunnerServiceImplBase {

    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return chant.support.grpc.UndecodableRequests.guard(super.bindService());
    }

    @Inject
    RunQueue queue;

    @Inject
    RunLogs logs;

    @Inject
    Access access;

    /**
     * The answer {@code body} gives once {@code check} passed for the call's principal. The principal is
     * read here, on the call's thread; the check runs inside the answer, so that a refusal is a failure
     * of the call that FailureStatuses maps (PERMISSION_DENIED), like every other.
     */
    private <T> Uni<T> checked(java.util.function.Consumer<Authorization> check, java.util.function.Supplier<T> body) {
        java.util.Optional<Principal> principal = CurrentPrincipal.find();
        return Uni.createFrom().item(() -> {
            check.accept(access.of(principal.orElseGet(CurrentPrincipal::get)));
            return body.get();
        });
    }

    /** Only the token of run {@code runId}. */
    private static java.util.function.Consumer<Authorization> ownRun(long runId) {
        return auth -> auth.requireRunScope(String.valueOf(runId));
    }

    @Override
    @Blocking
    public Uni<ClaimRunResponse> claimRun(ClaimRunRequest r) {
        return checked(auth -> auth.requireService(Access.RUNNER_POOL), () -> queue.claim(r.getRunnerId())
                .map(claim -> ClaimRunResponse.newBuilder()
                        .setClaimed(true)
                        .setRun(RunMessages.toProto(claim.run()))
                        .setLease(RunMessages.lease(claim.run(), claim.heartbeatSeconds()))
                        .build())
                .orElse(ClaimRunResponse.newBuilder().setClaimed(false).build()));
    }

    @Override
    @Blocking
    public Uni<HeartbeatResponse> heartbeat(HeartbeatRequest r) {
        return checked(ownRun(r.getRunId()), () -> {
            Beat beat = queue.heartbeat(r.getRunId(), r.getEpoch(), RunMessages.fromProto(r.getStatus(), "status"),
                    r.getBaseCommit());
            return HeartbeatResponse.newBuilder()
                    .setLease(RunMessages.lease(beat.run(), beat.heartbeatSeconds()))
                    .setCancelRequested(beat.run().cancelRequested)
                    .setPauseRequested(beat.run().pauseRequested)
                    .setTakeover(beat.run().takeover)
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<FinishRunResponse> finishRun(FinishRunRequest r) {
        return checked(ownRun(r.getRunId()), () -> {
            var usage = r.getUsage();
            return FinishRunResponse.newBuilder().setRun(RunMessages.toProto(queue.finish(new Finish(r.getRunId(),
                    r.getEpoch(), RunMessages.fromProto(r.getOutcome()), r.getHeadCommit(),
                    usage.hasCostUsd() ? BigDecimal.valueOf(usage.getCostUsd()) : null,
                    usage.hasInputTokens() ? usage.getInputTokens() : null,
                    usage.hasOutputTokens() ? usage.getOutputTokens() : null, r.getReason(),
                    r.hasSpecResult() ? java.util.Optional.of(RunMessages.fromProto(r.getRunId(), r.getSpecResult()))
                            : java.util.Optional.empty(), r.getKeptCheckout(),
                    RunMessages.verification(r.hasVerification(), r.getVerification(), ""))))).build();
        });
    }

    @Override
    @Blocking
    public Uni<chant.v1.RecordSplitPlanResponse> recordSplitPlan(chant.v1.RecordSplitPlanRequest r) {
        return checked(ownRun(r.getRunId()), () -> chant.v1.RecordSplitPlanResponse.newBuilder()
                .setPlan(queue.recordSplitPlan(r.getRunId(), r.getEpoch(), r.getPlan())).build());
    }

    @Override
    @Blocking
    public Uni<AppendLogResponse> appendLog(AppendLogRequest r) {
        return checked(ownRun(r.getRunId()), () -> AppendLogResponse.newBuilder()
                .setNextOffset(logs.append(r.getRunId(), r.getEpoch(), r.getOffset(), r.getData().toByteArray()))
                .build());
    }
}
