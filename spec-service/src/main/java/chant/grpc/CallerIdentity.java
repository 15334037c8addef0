package chant.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads who is calling from the {@code chant-user} metadata entry. Until authentication arrives
 * this is the name the CLI sends; "anonymous" when absent.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerIdentity implements ServerInterceptor {

    public static final Metadata.Key<String> USER_KEY =
            Metadata.Key.of("chant-user", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<String> USER = Context.key("chant-user");
    static final String ANONYMOUS = "anonymous";

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String user = headers.get(USER_KEY);
        String name = user == null || user.isBlank() ? ANONYMOUS : user.trim();
        return Contexts.interceptCall(Context.current().withValue(USER, name), call, headers, next);
    }

    /** The caller of the current gRPC call. */
    static String current() {
        String user = USER.get();
        return user == null ? ANONYMOUS : user;
    }
}
