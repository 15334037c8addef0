package chant.agent.remote;

import chant.support.remote.RemoteException;
import chant.support.remote.Reconnect;
import chant.agent.work.BeatAnswer;
import chant.agent.work.Ending;
import chant.agent.work.LeaseLostException;
import chant.agent.work.Progress;
import chant.agent.work.RunTicket;
import chant.agent.work.SpecResult;
import chant.v1.AppendLogRequest;
import chant.v1.FinishRunRequest;
import chant.v1.GetRunRequest;
import chant.v1.HeartbeatRequest;
import chant.v1.HeartbeatResponse;
import chant.v1.RunOutcome;
import chant.v1.RunServiceGrpc;
import chant.v1.RunSpecResult;
import chant.v1.RunStatus;
import chant.v1.RunUsage;
import chant.v1.RunnerServiceGrpc;
import chant.v1.SpecEnd;
import com.google.protobuf.ByteString;
import chant.client.auth.BearerCredentials;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A runner's calls to agent-service: its run, heartbeats, log chunks and the end, each proving the
 * lease by its epoch. A refusal of the lease (another runner took the run over, or it ended)
 * becomes {@link LeaseLostException}; an unreachable service a retryable {@link RemoteException}, and
 * the next call connects again at once ({@link Reconnect}), so a runner is back as soon as a
 * restarted service is.
 *
 * <p>Every call carries the run's own token (docs/auth.md, "Run tokens"): agent-service lets it read
 * and report this run only.
 */
public final class AgentServiceClient {

    private final Channel channel;
    private final Duration deadline;
    private final Supplier<String> runToken;

    public AgentServiceClient(Channel channel, Duration deadline, Supplier<String> runToken) {
        this.channel = channel;
        this.deadline = deadline;
        this.runToken = runToken;
    }

    public RunTicket run(long runId, long epoch) {
        chant.v1.Run run = call("GetRun", () -> runs().getRun(GetRunRequest.newBuilder().setRunId(runId).build())).getRun();
        if (run.getLeaseEpoch() != epoch) {
            throw new LeaseLostException("run " + runId + " is held with epoch " + run.getLeaseEpoch() + ", not " + epoch);
        }
        return new RunTicket(run.getId(), epoch, run.getProject(), run.getSpecId(), run.getPrompt(), run.getProvider(),
                run.getModel(), run.getTimeoutSeconds(), run.getCreatedBy(), run.getAttempt(), run.getLogSize(),
                switch (run.getKind()) {
                    case RUN_KIND_SPLIT -> chant.agent.work.RunKind.SPLIT;
                    case RUN_KIND_MERGE_CONFLICT -> chant.agent.work.RunKind.MERGE_CONFLICT;
                    case RUN_KIND_VERIFY -> chant.agent.work.RunKind.VERIFY;
                    default -> chant.agent.work.RunKind.WORK;
                }, run.getSplitPlan(), run.getTargetBranch(), run.hasVerify()
                        ? java.util.Optional.of(new chant.agent.work.VerifyTask(run.getVerify().getCommit(),
                                run.getVerify().getRef(), run.getVerify().getCommandList(),
                                run.getVerify().getTimeoutSeconds()))
                        : java.util.Optional.empty());
    }

    /** Renews the lease; the answer says whether the run was cancelled or paused (stop the agent, then finish). */
    public BeatAnswer heartbeat(RunTicket run, Progress progress, String baseCommit) {
        HeartbeatResponse response = call("Heartbeat", () -> runner().heartbeat(HeartbeatRequest.newBuilder()
                .setRunId(run.runId()).setEpoch(run.epoch())
                .setStatus(RunStatus.valueOf("RUN_STATUS_" + progress.name()))
                .setBaseCommit(baseCommit == null ? "" : baseCommit).build()));
        return new BeatAnswer(response.getCancelRequested(), response.getPauseRequested(), response.getTakeover());
    }

    /** Appends {@code data} at {@code offset}; returns the new end of the log. */
    public long appendLog(RunTicket run, long offset, byte[] data) {
        return call("AppendLog", () -> runner().appendLog(AppendLogRequest.newBuilder().setRunId(run.runId())
                .setEpoch(run.epoch()).setOffset(offset).setData(ByteString.copyFrom(data)).build())).getNextOffset();
    }

    /** Keeps a split run's checked members with the run; returns the plan the run keeps (an earlier one stays). */
    public String recordSplitPlan(RunTicket run, String plan) {
        return call("RecordSplitPlan", () -> runner().recordSplitPlan(chant.v1.RecordSplitPlanRequest.newBuilder()
                .setRunId(run.runId()).setEpoch(run.epoch()).setPlan(plan).build())).getPlan();
    }

    /** Ends the run. */
    public void finish(RunTicket run, Ending ending, String headCommit, BigDecimal costUsd, Long inputTokens,
            Long outputTokens, String reason, SpecResult result, String keptCheckout) {
        finish(run, ending, headCommit, costUsd, inputTokens, outputTokens, reason, result, keptCheckout,
                java.util.Optional.empty());
    }

    /** Ends the run; a verify run with what its command did. */
    public void finish(RunTicket run, Ending ending, String headCommit, BigDecimal costUsd, Long inputTokens,
            Long outputTokens, String reason, SpecResult result, String keptCheckout,
            java.util.Optional<chant.support.verify.Verification> verification) {
        RunUsage.Builder usage = RunUsage.newBuilder();
        if (costUsd != null) {
            usage.setCostUsd(costUsd.doubleValue());
        }
        if (inputTokens != null) {
            usage.setInputTokens(inputTokens);
        }
        if (outputTokens != null) {
            usage.setOutputTokens(outputTokens);
        }
        FinishRunRequest.Builder request = FinishRunRequest.newBuilder().setRunId(run.runId()).setEpoch(run.epoch())
                .setOutcome(RunOutcome.valueOf("RUN_OUTCOME_" + ending.name()))
                .setHeadCommit(headCommit == null ? "" : headCommit).setUsage(usage)
                .setReason(reason.length() > 10_000 ? reason.substring(0, 10_000) : reason)
                .setKeptCheckout(keptCheckout == null ? "" : keptCheckout);
        if (result != null) {
            RunSpecResult.Builder spec = RunSpecResult.newBuilder().addAllCommits(result.commits())
                    .setBranch(result.branch()).setModel(result.model()).setCompletedAt(result.completedAt())
                    .setEnd(SpecEnd.valueOf("SPEC_END_" + result.end().name())).setReason(result.reason());
            if (result.body() != null) {
                spec.setBody(result.body());
            }
            request.setSpecResult(spec);
        }
        verification.ifPresent(v -> request.setVerification(chant.v1.RunVerification.newBuilder()
                .setExitCode(v.exitCode()).setTimedOut(v.timedOut()).setOutputTail(v.outputTail())
                .setDurationMillis(v.duration().toMillis())));
        call("FinishRun", () -> runner().finishRun(request.build()));
    }

    private RunServiceGrpc.RunServiceBlockingStub runs() {
        return RunServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.from(runToken))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RunnerServiceGrpc.RunnerServiceBlockingStub runner() {
        return RunnerServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.from(runToken))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(String rpc, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            Reconnect.soon(channel, status);
            if (status.getCode() == Status.Code.ABORTED || status.getCode() == Status.Code.FAILED_PRECONDITION
                    && (rpc.equals("Heartbeat") || rpc.equals("FinishRun") || rpc.equals("RecordSplitPlan"))) {
                throw new LeaseLostException(status.getDescription());
            }
            throw RemoteException.of("agent-service", rpc, status);
        }
    }
}
