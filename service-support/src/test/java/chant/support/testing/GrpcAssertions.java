package chant.support.testing;

import chant.client.CallerMetadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Assertions and call helpers the services' API tests share. */
public final class GrpcAssertions {

    private GrpcAssertions() {
    }

    /** Asserts that the call fails with {@code code} and returns the status description. */
    public static String assertStatus(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        return e.getStatus().getDescription();
    }

    /** {@code stub} calling as {@code user} (sent in chant-user, encoded as every client encodes it). */
    public static <S extends AbstractStub<S>> S asUser(S stub, String user) {
        return stub.withInterceptors(CallerMetadata.asUser(user));
    }
}
