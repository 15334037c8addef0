package chant.merge.testing;

import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.grpc.AuthInterceptor;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.support.testing.TestTokens;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a scripted service checks and remembers of each call, as the real services do: a valid bearer
 * token of the tests' issuer ({@link AuthInterceptor} over {@link TestTokens#shared()}: anything else
 * is UNAUTHENTICATED), from the service identity {@code merge-service} (anything else is
 * PERMISSION_DENIED, so every test checks that merge-service calls with its own token), and who it
 * was for ({@code chant-on-behalf-of}).
 */
public final class ServiceCalls {

    /** One call: the RPC's name, the project of its request (empty when it names none), and who made it. */
    public record Call(String rpc, String project, Principal principal) {

        /** The end user passed on (chant-on-behalf-of), or empty for merge-service's own work. */
        public Optional<String> onBehalfOf() {
            return principal.onBehalfOf();
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean refuseCredentials;

    /** Installs the checks on {@code server}: the token first, then the caller's identity. */
    public void install(ServerBuilder<?> server) {
        server.intercept(new Recorder());
        server.intercept(new AuthInterceptor(TestTokens.shared().verifier()));
    }

    /** The calls made for {@code project}, in order. */
    public List<Call> of(String project) {
        return calls.stream().filter(c -> c.project().equals(project)).toList();
    }

    public void clear() {
        calls.clear();
        refuseCredentials = false;
    }

    /**
     * While set, every call is refused UNAUTHENTICATED, as a service refuses a token it no longer
     * accepts (expired, its issuer's key rotated away).
     */
    public void refuseCredentials(boolean refuse) {
        refuseCredentials = refuse;
    }

    /** How many calls were refused so. */
    public int refused() {
        return refused.get();
    }

    private final class Recorder implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (refuseCredentials) {
                refused.incrementAndGet();
                call.close(Status.UNAUTHENTICATED.withDescription("the token expired at 2026-01-01T00:00:00Z (scripted)"),
                        new Metadata());
                return new ServerCall.Listener<>() { };
            }
            Principal principal = CurrentPrincipal.get();
            if (principal.kind() != PrincipalKind.SERVICE || !principal.subject().equals("merge-service")) {
                call.close(Status.PERMISSION_DENIED.withDescription("only merge-service calls this scripted service: "
                        + principal.describe() + " may not"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            String rpc = call.getMethodDescriptor().getBareMethodName();
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onMessage(Q message) {
                    calls.add(new Call(rpc, message instanceof Message m ? project(m) : "", principal));
                    super.onMessage(message);
                }
            };
        }

        private static String project(Message message) {
            for (String name : List.of("project", "name")) {
                FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
                if (field != null && field.getJavaType() == FieldDescriptor.JavaType.STRING) {
                    return (String) message.getField(field);
                }
            }
            return "";
        }
    }
}
