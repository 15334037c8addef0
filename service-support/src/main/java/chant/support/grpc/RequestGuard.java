package chant.support.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps malformed requests out of every service, with INVALID_ARGUMENT instead of an internal
 * error:
 * <ul>
 * <li>a NUL character in any text field, at any depth, is refused naming the field (no service
 *     stores NUL: PostgreSQL text cannot hold it);</li>
 * <li>a request message that cannot be decoded (a text field that is not UTF-8, broken protobuf)
 *     never reaches the service; in a unary or server-streaming call the server then ends the call
 *     with INTERNAL "Half-closed without a request", which this guard reports as what it is: the
 *     client's malformed request. That is the fallback for services whose binding is not guarded by
 *     {@link UndecodableRequests}, which names the message and also ends client-streaming and bidi
 *     calls (an interceptor cannot: the message is dropped before any interceptor sees it).</li>
 * </ul>
 */
@ApplicationScoped
@GlobalInterceptor
public class RequestGuard implements ServerInterceptor {

    /** What grpc-java's unary and server-streaming handlers say when no request message arrived. */
    static final String HALF_CLOSED_WITHOUT_REQUEST = "Half-closed without a request";

    static final Status UNDECODABLE = Status.INVALID_ARGUMENT.withDescription("the request message could not be decoded:"
            + " every text field must be valid UTF-8, and the message must match the service's chant.v1 contract");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        java.util.concurrent.atomic.AtomicBoolean received = new java.util.concurrent.atomic.AtomicBoolean();
        ServerCall<Q, R> reporting = new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (!received.get() && status.getCode() == Status.Code.INTERNAL
                        && HALF_CLOSED_WITHOUT_REQUEST.equals(status.getDescription())) {
                    super.close(UNDECODABLE, trailers);
                } else {
                    super.close(status, trailers);
                }
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(reporting, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                received.set(true);
                if (refused) {
                    return;
                }
                Optional<String> field = message instanceof Message m ? fieldWithNul(m, "") : Optional.empty();
                if (field.isPresent()) {
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription(field.get()
                            + " contains a NUL character (\\0): remove it and send the request again"), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }

    /** The path of the first text field of {@code message} that holds a NUL character. */
    static Optional<String> fieldWithNul(Message message, String prefix) {
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            String path = prefix + field.getName();
            if (field.isRepeated()) {
                List<?> values = (List<?>) entry.getValue();
                for (int i = 0; i < values.size(); i++) {
                    Optional<String> found = check(field, values.get(i), path + "[" + i + "]");
                    if (found.isPresent()) {
                        return found;
                    }
                }
            } else {
                Optional<String> found = check(field, entry.getValue(), path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(FieldDescriptor field, Object value, String path) {
        return switch (field.getJavaType()) {
            case STRING -> ((String) value).indexOf('\0') >= 0 ? Optional.of(path) : Optional.empty();
            case MESSAGE -> fieldWithNul((Message) value, path + ".");
            default -> Optional.empty();
        };
    }
}
