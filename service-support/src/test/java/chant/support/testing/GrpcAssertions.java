package chant.support.testing;

import chant.client.auth.BearerCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
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

    /**
     * An interceptor that makes every call of a stub carry {@code user}'s token as {@link #asUser}
     * does: for stubs built with {@code withInterceptors}.
     */
    public static ClientInterceptor callingAs(String user) {
        BearerCredentials credentials = BearerCredentials.of(TestTokens.shared().platformAdmin(user));
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return next.newCall(method, options.withCallCredentials(credentials));
            }
        };
    }

    /** {@code stub} sending {@code token} as its bearer token. */
    public static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        return stub.withCallCredentials(BearerCredentials.of(token));
    }
}
