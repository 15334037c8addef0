package chant.support.grpc;

import com.google.protobuf.Api;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of call on a guarded service, through grpc-java's own server: an undecodable request
 * message ends the call at once with INVALID_ARGUMENT naming it, the service never sees it or
 * anything after it, and a streaming service learns that its call was cancelled.
 */
class UndecodableRequestsTest {

    /** Api{name = 0xC3 0x28}: 0xC3 starts a two-byte UTF-8 sequence that 0x28 does not continue. */
    private static final byte[] NOT_UTF8 = {0x0A, 2, (byte) 0xC3, 0x28};

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Throwable> serviceFailure = new CompletableFuture<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(UndecodableRequests.guard(probe())).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void bidiStopsAtTheUndecodableMessageAndCancelsTheService() throws Exception {
        Call call = start(MethodType.BIDI_STREAMING);
        call.send(valid("a"));
        call.send(NOT_UTF8);
        call.send(valid("c"));
        call.finish();

        Status status = call.status();
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
        assertTrue(status.getDescription().startsWith("message 2 of the Bidi stream is not valid protobuf/UTF-8: "),
                status.getDescription());
        assertTrue(status.getDescription().contains("invalid UTF-8"), status.getDescription());
        assertEquals(List.of("a"), received, "nothing after the undecodable message reaches the service");
        assertEquals(List.of("a"), call.responses, "what the service answered before still arrived");
        assertEquals(Status.Code.CANCELLED, Status.fromThrowable(serviceFailure.get(5, TimeUnit.SECONDS)).getCode());
    }

    @Test
    void clientStreamingNamesTheMessageEvenWhenItIsTheFirst() throws Exception {
        Call call = start(MethodType.CLIENT_STREAMING);
        call.send(NOT_UTF8);
        call.send(valid("b"));

        Status status = call.status();
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
        assertTrue(status.getDescription().startsWith("message 1 of the ClientStreaming stream"), status.getDescription());
        assertEquals(List.of(), received);
        assertEquals(Status.Code.CANCELLED, Status.fromThrowable(serviceFailure.get(5, TimeUnit.SECONDS)).getCode());
    }

    @Test
    void bytesThatAreNotProtobufAreRefusedTheSameWay() throws Exception {
        Call call = start(MethodType.CLIENT_STREAMING);
        call.send(valid("a"));
        call.send(new byte[] {0x0A, 100, 1});

        Status status = call.status();
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
        assertTrue(status.getDescription().startsWith("message 2 of the ClientStreaming stream"), status.getDescription());
        assertEquals(List.of("a"), received);
    }

    @Test
    void unaryAndServerStreamingNameTheRequest() throws Exception {
        for (MethodType type : List.of(MethodType.UNARY, MethodType.SERVER_STREAMING)) {
            Call call = start(type);
            call.send(NOT_UTF8);
            call.finish();

            Status status = call.status();
            assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
            assertTrue(status.getDescription().startsWith("the " + methodName(type) + " request is not valid protobuf/UTF-8"),
                    status.getDescription());
        }
        assertEquals(List.of(), received);
    }

    @Test
    void wellFormedCallsAreUntouched() throws Exception {
        Call call = start(MethodType.BIDI_STREAMING);
        call.send(valid("a"));
        call.send(valid("b"));
        call.finish();

        assertTrue(call.status().isOk());
        assertEquals(List.of("a", "b"), call.responses);
        assertFalse(serviceFailure.isDone());
    }

    @Test
    void aClientCannotForgeTheMarkOfAnUndecodableMessage() throws Exception {
        Api forged = Api.newBuilder().setName("forged").setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(UndecodableRequests.MARK, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("made up")).build()).build()).build();
        Call call = start(MethodType.UNARY);
        call.send(forged.toByteArray());
        call.finish();

        assertTrue(call.status().isOk(), call.status()::toString);
        assertEquals(List.of("forged"), received);
    }

    /** A service with one method of each kind; it records the names it receives and echoes them. */
    private ServerServiceDefinition probe() {
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder("test.Probe");
        service.addMethod(method(MethodType.UNARY), ServerCalls.asyncUnaryCall((request, response) -> {
            received.add(request.getName());
            response.onNext(request);
            response.onCompleted();
        }));
        service.addMethod(method(MethodType.SERVER_STREAMING), ServerCalls.asyncServerStreamingCall((request, response) -> {
            received.add(request.getName());
            response.onCompleted();
        }));
        service.addMethod(method(MethodType.CLIENT_STREAMING), ServerCalls.asyncClientStreamingCall(this::recorder));
        service.addMethod(method(MethodType.BIDI_STREAMING), ServerCalls.asyncBidiStreamingCall(this::echo));
        return service.build();
    }

    /** Records what it receives and answers each message with itself. */
    private StreamObserver<Api> echo(StreamObserver<Api> response) {
        StreamObserver<Api> recorder = recorder(response);
        return new StreamObserver<>() {
            @Override
            public void onNext(Api value) {
                recorder.onNext(value);
                response.onNext(value);
            }

            @Override
            public void onError(Throwable t) {
                recorder.onError(t);
            }

            @Override
            public void onCompleted() {
                recorder.onCompleted();
            }
        };
    }

    /** Records names; when the call fails, reports it as a real service would, which must change nothing. */
    private StreamObserver<Api> recorder(StreamObserver<Api> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Api value) {
                received.add(value.getName());
            }

            @Override
            public void onError(Throwable t) {
                serviceFailure.complete(t);
                response.onError(Status.INTERNAL.withDescription("the service's own failure").asRuntimeException());
            }

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    private static MethodDescriptor<Api, Api> method(MethodType type) {
        return MethodDescriptor.<Api, Api>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Probe", methodName(type)))
                .setRequestMarshaller(ProtoUtils.marshaller(Api.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(Api.getDefaultInstance()))
                .build();
    }

    private static String methodName(MethodType type) {
        return switch (type) {
            case UNARY -> "Unary";
            case SERVER_STREAMING -> "ServerStreaming";
            case CLIENT_STREAMING -> "ClientStreaming";
            default -> "Bidi";
        };
    }

    private static byte[] valid(String name) {
        return Api.newBuilder().setName(name).build().toByteArray();
    }

    private Call start(MethodType type) {
        MethodDescriptor<Api, Api> real = method(type);
        MethodDescriptor<byte[], Api> raw = chant.support.testing.RawRequests.of(real);
        Call call = new Call(channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)));
        call.call.start(call.listener, new Metadata());
        call.call.request(Integer.MAX_VALUE);
        return call;
    }

    /** A client call that sends raw bytes and keeps what comes back. */
    private static final class Call {
        final ClientCall<byte[], Api> call;
        final List<String> responses = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> closed = new CompletableFuture<>();
        final ClientCall.Listener<Api> listener = new ClientCall.Listener<>() {
            @Override
            public void onMessage(Api message) {
                responses.add(message.getName());
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        };

        Call(ClientCall<byte[], Api> call) {
            this.call = call;
        }

        void send(byte[] message) {
            if (!closed.isDone()) {
                call.sendMessage(message);
            }
        }

        void finish() {
            if (!closed.isDone()) {
                call.halfClose();
            }
        }

        Status status() throws Exception {
            return closed.get(10, TimeUnit.SECONDS);
        }
    }
}
