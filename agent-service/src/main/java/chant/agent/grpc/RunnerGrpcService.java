package chant.agent.grpc;

import chant.agent.queue.Beat;
import chant.agent.queue.Finish;
import chant.agent.queue.RunQueue;
import chant.v1.ClaimRunRequest;
import chant.v1.ClaimRunResponse;
import chant.v1.FinishRunRequest;
import chant.v1.FinishRunResponse;
import chant.v1.HeartbeatRequest;
import chant.v1.HeartbeatResponse;
import chant.v1.RunnerService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/** chant.v1.RunnerService over {@link RunQueue}. */
@GrpcService
public class RunnerGrpcService implements RunnerService {

    @Inject
    RunQueue queue;

    @Override
    @Blocking
    public Uni<ClaimRunResponse> claimRun(ClaimRunRequest r) {
        return Uni.createFrom().item(() -> queue.claim(r.getRunnerId())
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
        return Uni.createFrom().item(() -> {
            Beat beat = queue.heartbeat(r.getRunId(), r.getEpoch(), RunMessages.fromProto(r.getStatus(), "status"),
                    r.getBaseCommit());
            return HeartbeatResponse.newBuilder()
                    .setLease(RunMessages.lease(beat.run(), beat.heartbeatSeconds()))
                    .setCancelRequested(beat.run().cancelRequested)
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<FinishRunResponse> finishRun(FinishRunRequest r) {
        return Uni.createFrom().item(() -> {
            var usage = r.getUsage();
            return FinishRunResponse.newBuilder().setRun(RunMessages.toProto(queue.finish(new Finish(r.getRunId(),
                    r.getEpoch(), RunMessages.fromProto(r.getOutcome()), r.getHeadCommit(),
                    usage.hasCostUsd() ? BigDecimal.valueOf(usage.getCostUsd()) : null,
                    usage.hasInputTokens() ? usage.getInputTokens() : null,
                    usage.hasOutputTokens() ? usage.getOutputTokens() : null, r.getReason(),
                    r.hasSpecResult() ? java.util.Optional.of(RunMessages.fromProto(r.getRunId(), r.getSpecResult()))
                            : java.util.Optional.empty())))).build();
        });
    }
    /** Implemented on branch run-logs (issue 7, logs); until it lands the RPC answers UNIMPLEMENTED. */
    @Override
    public Uni<chant.v1.AppendLogResponse> appendLog(chant.v1.AppendLogRequest r) {
        return Uni.createFrom().failure(io.grpc.Status.UNIMPLEMENTED
                .withDescription("AppendLog is not available in this build").asRuntimeException());
    }
}
