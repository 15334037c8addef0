package chant.bench;

import chant.client.CallerMetadata;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.v1.RunServiceGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's connection to agent-service: one plaintext channel over loopback, plain
 * grpc-java stubs, a deadline on every call (a followed log gets the deadline of a whole run).
 */
final class AgentClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final RunServiceGrpc.RunServiceBlockingStub runs;

    AgentClient(String host, int port) {
        channel = Channels.plaintext(new ServiceAddress(host, port));
        ClientInterceptor caller = CallerMetadata.asUser("bench");
        runs = RunServiceGrpc.newBlockingStub(channel).withInterceptors(caller);
    }

    RunServiceGrpc.RunServiceBlockingStub runs() {
        return runs.withDeadlineAfter(GrpcClient.CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
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
