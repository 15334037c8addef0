package chant.spec.api;

import chant.v1.SpecServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * A writer in a second JVM for {@link ConcurrentWritesTest}: runs {@link LabelWriter}s against
 * the service and prints each label whose write was accepted, one per line.
 *
 * <p>Arguments: port project specId writerCount writesPerWriter prefix
 */
public final class RemoteWriter {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            SpecServiceGrpc.SpecServiceBlockingStub stub = chant.support.testing.GrpcAssertions.asUser(
                    SpecServiceGrpc.newBlockingStub(channel), chant.support.testing.TestTokens.DEFAULT_SUBJECT);
            var accepted = LabelWriter.runAll(stub, args[1], args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args[5]);
            accepted.forEach(System.out::println);
        } finally {
            channel.shutdownNow();
        }
    }
}
