package chant.merge.remote;

import chant.support.remote.RemoteException;
import chant.v1.EnqueueRunRequest;
import chant.v1.GetRunRequest;
import chant.v1.RunKind;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import io.grpc.Channel;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * merge-service's calls to agent-service: start a merge-conflict run for a spec whose branch conflicts, or a
 * verify run of a merge result, and read how it is doing. gRPC failures become {@link RemoteException}s that say whether trying again later can
 * help. Every call carries merge-service's own token on behalf of the merge request's requester, who
 * agent-service records as the run's creator.
 */
public final class AgentServiceClient {

    private final Channel channel;
    private final Duration deadline;
    private final Supplier<String> serviceToken;

    /** @param serviceToken merge-service's own token ({@link chant.support.auth.issuer.ServiceTokens}) */
    public AgentServiceClient(Channel channel, Duration deadline, Supplier<String> serviceToken) {
        this.channel = channel;
        this.deadline = deadline;
        this.serviceToken = serviceToken;
    }

    /**
     * Enqueues a merge-conflict run of the spec against {@code target}; {@code requestId} makes a repeated call
     * (after a lost answer or a restart) return the run the first one created. Returns the run's ID.
     *
     * @param provider the agent provider; empty for agent-service's default
     */
    public long enqueueResolve(String project, String specId, String target, String requestId, String provider,
            String caller) {
        return call("EnqueueRun", () -> runs(caller).enqueueRun(EnqueueRunRequest.newBuilder().setProject(project)
                .setSpecId(specId).setKind(RunKind.RUN_KIND_MERGE_CONFLICT).setTargetBranch(target)
                .setProvider(provider).setRequestId(requestId).build())).getRun().getId();
    }

    /**
     * Enqueues a verify run of {@code commit}, which merge-service pushed to {@code ref} of the project's remote,
     * with the project's command; {@code requestId} makes a repeated call return the run the first one created.
     * The run may take {@code timeoutSeconds} in all, more than the command's {@code commandSeconds} (for the
     * runner's fetch). Returns its ID.
     */
    public long enqueueVerify(String project, String specId, String commit, String ref, java.util.List<String> command,
            int commandSeconds, int timeoutSeconds, String requestId, String caller) {
        return call("EnqueueRun", () -> runs(caller).enqueueRun(EnqueueRunRequest.newBuilder().setProject(project)
                .setSpecId(specId).setKind(RunKind.RUN_KIND_VERIFY).setTimeoutSeconds(timeoutSeconds)
                .setVerify(chant.v1.VerifyTask.newBuilder().setCommit(commit).setRef(ref).addAllCommand(command)
                        .setTimeoutSeconds(commandSeconds))
                .setRequestId(requestId).build())).getRun().getId();
    }

    /** The run with this ID. */
    public RunInfo run(long runId, String caller) {
        chant.v1.Run run = call("GetRun", () -> runs(caller).getRun(GetRunRequest.newBuilder().setRunId(runId).build()))
                .getRun();
        RunStatus status = run.getStatus();
        boolean ended = switch (status) {
            case RUN_STATUS_SUCCEEDED, RUN_STATUS_FAILED, RUN_STATUS_CANCELLED, RUN_STATUS_TIMED_OUT, RUN_STATUS_LOST -> true;
            default -> false;
        };
        return new RunInfo(run.getId(), status.name().substring("RUN_STATUS_".length()).toLowerCase(Locale.ROOT)
                .replace('_', ' '), ended, status == RunStatus.RUN_STATUS_SUCCEEDED, run.getEndReason(),
                run.getSpecDelivery(), run.getSpecStatusAfter(), run.hasVerification()
                        ? java.util.Optional.of(new chant.support.verify.Verification(run.getVerify().getCommit(),
                                run.getVerification().getExitCode(), run.getVerification().getTimedOut(),
                                run.getVerification().getOutputTail(),
                                Duration.ofMillis(run.getVerification().getDurationMillis())))
                        : java.util.Optional.empty());
    }

    private RunServiceGrpc.RunServiceBlockingStub runs(String caller) {
        return RunServiceGrpc.newBlockingStub(channel).withCallCredentials(RemoteAuth.credentials(serviceToken, caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(String rpc, Supplier<T> call) {
        return RemoteAuth.call(channel, "agent-service", rpc, call);
    }
}
