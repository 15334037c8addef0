package chant.agent.grpc;

import chant.support.auth.grpc.AuthInterceptor;
import chant.support.auth.token.Authenticator;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Every call of this service needs a valid bearer token (docs/auth.md): the principal it proves is in
 * the call's context ({@link chant.support.auth.grpc.CurrentPrincipal}) for the service classes to
 * hand to the domain. It runs before every other interceptor, so nothing of an unauthenticated call
 * is looked at.
 */
@Singleton
@GlobalInterceptor
public class AgentAuthInterceptor extends AuthInterceptor {

    @Inject
    public AgentAuthInterceptor(Authenticator authenticator) {
        super(authenticator);
    }
}
