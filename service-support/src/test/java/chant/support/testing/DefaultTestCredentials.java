package chant.support.testing;

import chant.client.auth.BearerCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives every call of a test's stubs that has no credentials of its own the token of the platform
 * admin {@value TestTokens#DEFAULT_SUBJECT} ({@link TestTokens#shared()}): the tests of behaviour
 * other than rights need not say who they are. A stub given credentials ({@link GrpcAssertions#asUser},
 * {@link GrpcAssertions#withToken}) keeps them.
 *
 * <p>Each service's tests install it on their injected clients with a bean of their own:
 * {@code @GlobalInterceptor @ApplicationScoped class TestCredentials extends DefaultTestCredentials {}}.
 */
public class DefaultTestCredentials implements ClientInterceptor {

    private volatile BearerCredentials credentials;

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (options.getCredentials() != null) {
            return next.newCall(method, options);
        }
        return next.newCall(method, options.withCallCredentials(credentials()));
    }

    private BearerCredentials credentials() {
        BearerCredentials current = credentials;
        if (current == null) {
            current = BearerCredentials.of(TestTokens.shared().platformAdmin(TestTokens.DEFAULT_SUBJECT));
            credentials = current;
        }
        return current;
    }
}
