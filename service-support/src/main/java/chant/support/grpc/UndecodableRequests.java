package chant.support.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Ends a call with INVALID_ARGUMENT, naming the message, as soon as a request message cannot be
 * decoded (a text field that is not UTF-8, bytes that are not protobuf), in every kind of RPC.
 * <p>
 * Why this takes more than an interceptor: the message is parsed by the method's request
 * marshaller before any interceptor sees it, and when parsing throws, the Vert.x gRPC bridge that
 * serves gRPC on the HTTP port drops the message without a word (the exception ends in a Vert.x
 * {@code InboundBuffer} that has no exception handler). Nobody asks for the next message then, so a
 * client-streaming or bidi call waits for the client's deadline, and a unary or server-streaming
 * call ends "Half-closed without a request". grpc-java's own server ends such calls with INTERNAL.
 * <p>
 * So {@link #guard(ServerServiceDefinition)} gives every method a request marshaller that cannot
 * fail: bytes that do not parse become a stand-in message of the request type, marked by an
 * unknown field ({@link #MARK}) that carries the parser's reason. The stand-in travels through the
 * interceptors like any message (it has no fields, so they pass it) and is stopped by the listener
 * this class puts right in front of the service: it closes the call with INVALID_ARGUMENT, never
 * hands the stand-in or anything after it to the service, and tells the service that the call was
 * cancelled, so that a streaming method drops what it collected. A mark sent by a client in a
 * message that parses is removed: only this class makes stand-ins.
 * <p>
 * Quarkus builds its server from what each service's {@code bindService()} returns and has no other
 * hook where a request marshaller could be replaced (a CDI decorator of {@code BindableService}
 * cannot work: Quarkus' own health service has a final {@code bindService()}). So every gRPC service
 * class extends its generated {@code Mutiny*Grpc.*ImplBase} and overrides {@code bindService()} with
 * {@code UndecodableRequests.guard(super.bindService())}; spec-service's ArchitectureTest checks that.
 */
public final class UndecodableRequests {

    /**
     * The unknown field that marks a stand-in: the highest field number protobuf allows, which no
     * chant.v1 message uses.
     */
    static final int MARK = 536_870_911;

    private UndecodableRequests() {
    }

    /**
     * {@code definition} with request marshallers that turn undecodable bytes into marked
     * stand-ins, and handlers that refuse those. Methods whose requests are not protobuf messages
     * are left as they are.
     */
    public static ServerServiceDefinition guard(ServerServiceDefinition definition) {
        ServiceDescriptor original = definition.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = definition.getMethods().stream()
                .<ServerMethodDefinition<?, ?>>map(UndecodableRequests::guard)
                .toList();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
        ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(guarded::addMethod);
        return guarded.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> guard(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> marshaller)
                || !(marshaller.getMessagePrototype() instanceof Message)
                || marshaller instanceof StandInMarshaller) {
            return method;
        }
        MethodDescriptor<Q, R> guarded = descriptor.toBuilder(new StandInMarshaller<>(marshaller),
                descriptor.getResponseMarshaller()).build();
        ServerCallHandler<Q, R> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(guarded, (call, headers) -> {
            RefusingCall<Q, R> refusing = new RefusingCall<>(call);
            return new RefusingListener<>(handler.startCall(refusing, headers), refusing);
        });
    }

    /** Why {@code message} could not be decoded, when it is a stand-in. */
    static Optional<String> reason(Object message) {
        if (message instanceof Message m && m.getUnknownFields().hasField(MARK)) {
            List<ByteString> reason = m.getUnknownFields().getField(MARK).getLengthDelimitedList();
            return Optional.of(reason.isEmpty() ? "" : reason.get(0).toStringUtf8());
        }
        return Optional.empty();
    }

    /** What the client is told: which message of which call, and why. */
    static String description(MethodDescriptor<?, ?> method, long number, String reason) {
        String which = method.getType().clientSendsOneMessage()
                ? "the " + method.getBareMethodName() + " request"
                : "message " + number + " of the " + method.getBareMethodName() + " stream";
        return which + " is not valid protobuf/UTF-8: " + reason
                + " (every text field must be valid UTF-8, and the message must match the chant.v1 contract)";
    }

    /** The parser's own words: protobuf's reason when there is one. */
    private static String reasonOf(RuntimeException failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof InvalidProtocolBufferException) {
                return e.getMessage();
            }
        }
        return failure instanceof io.grpc.StatusRuntimeException s && s.getStatus().getDescription() != null
                ? s.getStatus().getDescription()
                : failure.getClass().getSimpleName();
    }

    /** Parses with the method's own marshaller; what does not parse becomes a marked stand-in. */
    static final class StandInMarshaller<T> implements MethodDescriptor.PrototypeMarshaller<T> {

        private final MethodDescriptor.PrototypeMarshaller<T> delegate;

        StandInMarshaller(MethodDescriptor.PrototypeMarshaller<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public InputStream stream(T value) {
            return delegate.stream(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T parse(InputStream stream) {
            T parsed;
            try {
                parsed = delegate.parse(stream);
            } catch (RuntimeException e) {
                return (T) mark((Message) delegate.getMessagePrototype(), reasonOf(e));
            }
            if (parsed instanceof Message m && m.getUnknownFields().hasField(MARK)) {
                return (T) m.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder(m.getUnknownFields())
                        .clearField(MARK).build()).build();
            }
            return parsed;
        }

        private static Message mark(Message prototype, String reason) {
            return prototype.newBuilderForType().setUnknownFields(UnknownFieldSet.newBuilder()
                    .addField(MARK, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8(reason)).build())
                    .build()).build();
        }

        @Override
        public T getMessagePrototype() {
            return delegate.getMessagePrototype();
        }

        @Override
        public Class<T> getMessageClass() {
            return delegate.getMessageClass();
        }
    }

    /**
     * The call as the service sees it: once the guard refused it, whatever the service still does
     * with it (report its own failure, send) goes nowhere.
     */
    private static final class RefusingCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

        private volatile boolean refused;

        RefusingCall(ServerCall<Q, R> call) {
            super(call);
        }

        void refuse(String description) {
            refused = true;
            delegate().close(Status.INVALID_ARGUMENT.withDescription(FailureStatuses.shorten(description)), new Metadata());
        }

        @Override
        public void sendHeaders(Metadata headers) {
            if (!refused) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public void sendMessage(R message) {
            if (!refused) {
                super.sendMessage(message);
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!refused) {
                super.close(status, trailers);
            }
        }

        @Override
        public void request(int numMessages) {
            if (!refused) {
                super.request(numMessages);
            }
        }
    }

    /** Counts the messages, stops at the first stand-in, and keeps the service out after that. */
    private static final class RefusingListener<Q, R> extends SimpleForwardingServerCallListener<Q> {

        private final RefusingCall<Q, R> call;
        private long received;
        private boolean refused;
        private boolean ended;

        RefusingListener(ServerCall.Listener<Q> delegate, RefusingCall<Q, R> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            received++;
            Optional<String> reason = reason(message);
            if (reason.isPresent()) {
                refused = true;
                call.refuse(description(call.getMethodDescriptor(), received, reason.get()));
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

        /** The call ended. After a refusal the service learns it as a cancellation: its request was never whole. */
        @Override
        public void onComplete() {
            end(!refused);
        }

        @Override
        public void onCancel() {
            end(false);
        }

        private void end(boolean completed) {
            if (ended) {
                return;
            }
            ended = true;
            if (completed) {
                super.onComplete();
            } else {
                super.onCancel();
            }
        }
    }
}
