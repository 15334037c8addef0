package chant.merge.auth;

import chant.support.auth.grpc.AuthInterceptor;
import chant.support.auth.token.Authenticator;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Every call of merge-service needs a valid bearer token (health and reflection excepted); the
 * token's principal is then {@link chant.support.auth.grpc.CurrentPrincipal} for the service
 * classes. It runs before the service's other interceptors ({@link AuthInterceptor#PRIORITY}).
 */
@GlobalInterceptor
@Singleton
public class MergeAuthInterceptor extends AuthInterceptor {

    @Inject
    public MergeAuthInterceptor(Authenticator authenticator) {
        super(authenticator);
    }
}
