package chant.bench;

import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import chant.v1.RunServiceGrpc;
import chant.v1.RunnerServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's connection to agent-service: one plaintext channel over loopback, plain
 * grpc-java stubs, the bench's bearer token and a deadline on every call (a followed log gets the deadline of a whole run).
 */
final class AgentClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final RunServiceGrpc.RunServiceBlockingStub runs;

    AgentClient(String host, int port, BearerCredentials credentials) {
        channel = Channels.plaintext(new ServiceAddress(host, port));
        runs = RunServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    }

    RunServiceGrpc.RunServiceBlockingStub runs() {
        return runs.withDeadlineAfter(GrpcClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** RunService with other credentials (a run's own token, as its runner calls). */
    RunServiceGrpc.RunServiceBlockingStub runs(BearerCredentials as) {
        return runs().withCallCredentials(as);
    }

    /** RunnerService with a run's own token, as its runner calls. */
    RunnerServiceGrpc.RunnerServiceBlockingStub runner(BearerCredentials as) {
        return RunnerServiceGrpc.newBlockingStub(channel).withCallCredentials(as)
                .withDeadlineAfter(GrpcClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** For FollowLog: the stream lasts as long as the run. */
    RunServiceGrpc.RunServiceBlockingStub runs(long deadlineSeconds) {
        return runs.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
