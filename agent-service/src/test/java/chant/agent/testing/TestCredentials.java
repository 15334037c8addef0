package chant.agent.testing;

import chant.support.testing.DefaultTestCredentials;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tests' injected gRPC clients call as the platform admin {@code tester} unless a stub carries a
 * token of its own ({@code asUser}, {@code withToken}): authentication is on in every test.
 */
@GlobalInterceptor
@ApplicationScoped
public class TestCredentials extends DefaultTestCredentials {
}
