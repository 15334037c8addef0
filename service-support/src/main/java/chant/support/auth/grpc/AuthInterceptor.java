package chant.support.auth.grpc;

import chant.client.auth.AuthMetadata;
import chant.client.auth.SubjectEncoding;
import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.token.TokenRejectedException;
import chant.support.auth.token.Authenticator;
import chant.support.failure.UnavailableException;
import io.grpc.Context;
import jakarta.enterprise.inject.spi.Prioritized;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Lets a call through only with a valid bearer token ({@code authorization: Bearer <jwt>}), and puts
 * the token's {@link Principal} in the call's context ({@link CurrentPrincipal}). It replaces the
 * self-declared {@code chant-user}: the identity a service records is the token's subject.
 *
 * <ul>
 *   <li>no token, several, not a bearer token, or one the {@link Authenticator} refuses:
 *       UNAUTHENTICATED, with the verifier's reason (expired, wrong issuer, wrong audience, bad
 *       signature, {@code alg: none}, ...) and never the token;</li>
 *   <li>the issuer's keys cannot be obtained: UNAVAILABLE (retry);</li>
 *   <li>{@code chant-on-behalf-of} sent with a token that is not a service's: PERMISSION_DENIED;
 *       a value that is not a percent-encoded UTF-8 subject: INVALID_ARGUMENT;</li>
 *   <li>the gRPC health service and server reflection pass without a token (probes and grpcurl's
 *       {@code list} need no identity); their calls have no principal.</li>
 * </ul>
 *
 * <p>Not a CDI bean on purpose: service-support is Jandex-indexed, so a {@code @GlobalInterceptor}
 * here would switch authentication on in every service at once. Each service installs it with a
 * producer when it is wired (docs/auth.md).
 */
public class AuthInterceptor implements ServerInterceptor, Prioritized {

    /**
     * Where each service's subclass sits among the gRPC server interceptors (Quarkus runs the highest
     * first): above every interceptor of the application (they have 0 unless they say otherwise), so
     * nothing looks at a call that proves no identity; below Quarkus' own (request context, blocking
     * and exception handling, near {@code Integer.MAX_VALUE}), which wrap it, so that the principal
     * is in the gRPC context of the thread that runs a {@code @Blocking} method.
     */
    public static final int PRIORITY = Integer.MAX_VALUE - 1000;

    /** Services any caller may use without a token. */
    public static final Set<String> EXEMPT_SERVICES = Set.of(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);

    private final Authenticator verifier;

    public AuthInterceptor(Authenticator verifier) {
        this.verifier = verifier;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (EXEMPT_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Principal principal;
        try {
            principal = authenticate(headers);
        } catch (Refusal refusal) {
            LOG.debugf("refused %s: %s", call.getMethodDescriptor().getFullMethodName(), refusal.status.getDescription());
            call.close(refusal.status, new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(CurrentPrincipal.with(Context.current(), principal), call, headers, next);
    }

    /** The principal the headers prove, or a refusal with its status. */
    Principal authenticate(Metadata headers) throws Refusal {
        Iterable<String> values = headers.getAll(AuthMetadata.AUTHORIZATION);
        List<String> authorization = new ArrayList<>();
        if (values != null) {
            values.forEach(authorization::add);
        }
        if (authorization.isEmpty()) {
            throw new Refusal(Status.UNAUTHENTICATED.withDescription("this call needs a bearer token: send"
                    + " authorization: Bearer <token> (the CLI sends CHANT_TOKEN or the token of its config file)"));
        }
        if (authorization.size() > 1) {
            throw new Refusal(Status.UNAUTHENTICATED.withDescription("the call has " + authorization.size()
                    + " authorization entries: send exactly one"));
        }
        String value = authorization.get(0);
        String scheme = AuthMetadata.BEARER.toLowerCase(Locale.ROOT) + " ";
        if (!value.toLowerCase(Locale.ROOT).startsWith(scheme)) {
            throw new Refusal(Status.UNAUTHENTICATED.withDescription(
                    "the authorization entry is not a bearer token: send authorization: Bearer <token>"));
        }
        Principal principal;
        try {
            principal = verifier.verify(value.substring(scheme.length()).strip());
        } catch (TokenRejectedException e) {
            throw new Refusal(Status.UNAUTHENTICATED.withDescription(e.getMessage()));
        } catch (UnavailableException e) {
            LOG.warnf("cannot verify tokens: %s", e.getMessage());
            throw new Refusal(Status.UNAVAILABLE.withDescription(e.getMessage()));
        } catch (RuntimeException e) {
            // A bug in verification: report it without details, and never with the token.
            LOG.errorf("verifying a token failed unexpectedly: %s", e.getClass().getName());
            throw new Refusal(Status.INTERNAL.withDescription("internal error while verifying the token (see the service log)"));
        }
        String onBehalfOf = headers.get(AuthMetadata.ON_BEHALF_OF);
        if (onBehalfOf == null) {
            return principal;
        }
        if (principal.kind() != PrincipalKind.SERVICE) {
            throw new Refusal(Status.PERMISSION_DENIED.withDescription("only a service identity may act on behalf of"
                    + " a user: " + principal.describe() + " sent chant-on-behalf-of; leave it out"));
        }
        String user;
        try {
            user = SubjectEncoding.decode(onBehalfOf);
        } catch (IllegalArgumentException e) {
            throw new Refusal(Status.INVALID_ARGUMENT.withDescription("chant-on-behalf-of is not a percent-encoded"
                    + " UTF-8 subject (" + e.getMessage() + ")"));
        }
        if (user.isBlank() || user.chars().anyMatch(Character::isISOControl)) {
            throw new Refusal(Status.INVALID_ARGUMENT.withDescription(
                    "chant-on-behalf-of must name the end user's subject, without control characters"));
        }
        return principal.actingFor(user);
    }

    /** A call turned away, with the status it gets. */
    static final class Refusal extends Exception {
        final Status status;

        Refusal(Status status) {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }
    }
}
