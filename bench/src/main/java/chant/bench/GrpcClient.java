package chant.bench;

import chant.v1.ProjectServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's connection to spec-service: one plaintext HTTP/2 channel over loopback, shared
 * by all worker threads (gRPC multiplexes the calls), with plain grpc-java blocking stubs. Every
 * call carries the bench's bearer token ({@link BenchToken}) and a deadline, so a stuck server ends
 * the run instead of hanging it.
 */
final class GrpcClient implements AutoCloseable {

    static final long CALL_DEADLINE_SECONDS = 30;

    private final ManagedChannel channel;
    private final SpecServiceGrpc.SpecServiceBlockingStub specs;
    private final SpecServiceGrpc.SpecServiceStub asyncSpecs;
    private final ProjectServiceGrpc.ProjectServiceBlockingStub projects;
    private final chant.v1.SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle;
    private final BearerCredentials credentials;

    GrpcClient(String host, int port, BearerCredentials credentials) {
        this.credentials = credentials;
        channel = Channels.plaintext(new ServiceAddress(host, port));
        specs = SpecServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        asyncSpecs = SpecServiceGrpc.newStub(channel).withCallCredentials(credentials);
        projects = ProjectServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
        lifecycle = chant.v1.SpecLifecycleServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    }

    /** The bench's credentials, for its stubs of the other services. */
    BearerCredentials credentials() {
        return credentials;
    }

    /** The spec stub with a fresh per-call deadline. */
    SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return specs.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    SpecServiceGrpc.SpecServiceStub asyncSpecs(long deadlineSeconds) {
        return asyncSpecs.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
    }

    ProjectServiceGrpc.ProjectServiceBlockingStub projects() {
        return projects.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    chant.v1.SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle() {
        return lifecycle.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
