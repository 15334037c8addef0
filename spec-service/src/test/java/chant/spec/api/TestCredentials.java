package chant.spec.api;

import chant.support.testing.DefaultTestCredentials;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tests' injected gRPC clients call as the platform admin {@code tester} unless a stub carries
 * credentials of its own ({@code asUser}, {@code withToken}).
 */
@GlobalInterceptor
@ApplicationScoped
public class TestCredentials extends DefaultTestCredentials {
}
