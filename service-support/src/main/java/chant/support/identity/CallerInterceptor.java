package chant.support.identity;

import chant.client.CallerMetadata;
import chant.support.failure.InvalidRequestException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads who is calling from the {@code chant-user} metadata entry of every call. A value that is
 * not a valid name is refused with INVALID_ARGUMENT before the call reaches the service.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerInterceptor implements ServerInterceptor {

    static final Context.Key<Caller> CALLER = Context.key("chant-caller");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Caller caller;
        try {
            String value = headers.get(CallerMetadata.USER);
            caller = value == null ? Caller.ANONYMOUS : Caller.named(decode(value));
        } catch (InvalidRequestException e) {
            call.close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private static String decode(String value) {
        try {
            return CallerMetadata.decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("chant-user is not a percent-encoded UTF-8 name (" + e.getMessage()
                    + "): send the name encoded as CallerMetadata.encode does");
        }
    }
}
