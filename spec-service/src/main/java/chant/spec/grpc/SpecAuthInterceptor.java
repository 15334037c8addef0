package chant.spec.grpc;

import chant.support.auth.grpc.AuthInterceptor;
import chant.support.auth.token.Authenticator;
import chant.v1.AuthServiceGrpc;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Every call of spec-service needs a valid bearer token ({@link AuthInterceptor}; docs/auth.md): its
 * principal is what the gRPC service classes pass to the domain. It runs before every other interceptor
 * of the application, so that nothing runs for a call without a valid token (Quarkus' own context,
 * blocking and exception handlers, above {@link AuthInterceptor#PRIORITY}, wrap it).
 *
 * <p>For WhoAmI alone it also keeps the token's expiry and issuer ({@link TokenFacts}), which the
 * principal does not carry.
 */
@GlobalInterceptor
@Singleton
public class SpecAuthInterceptor extends AuthInterceptor {

    private static final String WHO_AM_I = AuthServiceGrpc.getWhoAmIMethod().getFullMethodName();

    @Inject
    public SpecAuthInterceptor(Authenticator authenticator) {
        super(authenticator);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (!WHO_AM_I.equals(call.getMethodDescriptor().getFullMethodName())) {
            return super.interceptCall(call, headers, next);
        }
        Context withFacts = TokenFacts.with(Context.current(), headers);
        Context previous = withFacts.attach();
        try {
            return super.interceptCall(call, headers, next);
        } finally {
            withFacts.detach(previous);
        }
    }
}
