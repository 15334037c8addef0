package chant.merge.auth;

import chant.support.auth.grpc.AuthInterceptor;
import chant.support.auth.token.Authenticator;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Every call of merge-service needs a valid bearer token (health and reflection excepted); the
 * token's principal is then {@link chant.support.auth.grpc.CurrentPrincipal} for the service
 * classes. It runs before the service's other interceptors (they have the default priority 0), so
 * nothing else looks at a call that proves no identity. Quarkus orders interceptors by
 * {@link Prioritized} (the highest first); its own ones (the blocking handler, request context) have
 * priorities near {@code Integer.MAX_VALUE} and stay outside it, as they do around the other
 * interceptors, so the principal is in the gRPC context of the thread that runs a {@code @Blocking}
 * method.
 */
@GlobalInterceptor
@Singleton
public class MergeAuthInterceptor extends AuthInterceptor implements Prioritized {

    /** Above every interceptor of the service (0), below Quarkus' own. */
    static final int PRIORITY = 1_000_000;

    @Inject
    public MergeAuthInterceptor(Authenticator authenticator) {
        super(authenticator);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
