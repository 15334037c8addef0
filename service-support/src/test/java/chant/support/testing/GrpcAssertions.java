package chant.support.testing;

import chant.client.auth.BearerCredentials;
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

    /**
     * {@code stub} calling as {@code user}: a platform admin's token with that subject from the
     * services' test issuer ({@link TestTokens#shared()}), so the tests of behaviour other than rights
     * act as a named person who may do everything but approve their own specs.
     */
    public static <S extends AbstractStub<S>> S asUser(S stub, String user) {
        return withToken(stub, TestTokens.shared().platformAdmin(user));
    }

    /** {@code stub} sending {@code token} as its bearer token. */
    public static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        return stub.withCallCredentials(BearerCredentials.of(token));
    }
}
