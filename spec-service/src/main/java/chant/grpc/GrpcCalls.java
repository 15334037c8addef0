package chant.grpc;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Runs a blocking unary call on the current (worker) thread and maps domain failures to statuses. */
final class GrpcCalls {

    private GrpcCalls() {
    }

    static <T> Uni<T> unary(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(GrpcErrors.toStatus(e));
        }
    }
}
