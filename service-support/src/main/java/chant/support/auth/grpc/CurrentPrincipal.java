package chant.support.auth.grpc;

import chant.support.auth.Principal;
import chant.support.failure.UnauthenticatedException;
import io.grpc.Context;
import java.util.Optional;

/**
 * The principal of the gRPC call this thread serves, as {@link AuthInterceptor} verified it. gRPC
 * service classes read it here and hand it to the domain, which checks it with
 * {@link chant.support.auth.Authorization}.
 */
public final class CurrentPrincipal {

    static final Context.Key<Principal> KEY = Context.key("chant-principal");

    private CurrentPrincipal() {
    }

    /**
     * @throws UnauthenticatedException outside a call the interceptor verified (an exempt service, or
     *                                   the interceptor not installed): such code must not act for anyone
     */
    public static Principal get() {
        return find().orElseThrow(() -> new UnauthenticatedException(
                "this call carries no verified identity: send authorization: Bearer <token>"));
    }

    public static Optional<Principal> find() {
        return Optional.ofNullable(KEY.get());
    }

    /** {@code context} with {@code principal} as the current one: for code that starts work on other threads, and tests. */
    public static Context with(Context context, Principal principal) {
        return context.withValue(KEY, principal);
    }
}
