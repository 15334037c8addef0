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
 * Refuses every request message that has a NUL character in any of its text fields, at any depth,
 * with INVALID_ARGUMENT naming the field. No service stores NUL (PostgreSQL text cannot hold it),
 * and none should see it: this is the one place that keeps it out.
 */
@ApplicationScoped
@GlobalInterceptor
public class NulCharacterGuard implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
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
