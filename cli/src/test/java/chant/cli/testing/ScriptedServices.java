package chant.cli.testing;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test implementations of whole gRPC services: every method records the requests it got and
 * answers with the replies scripted for it, in order. A reply is a response message, a
 * {@link Status} (answered as an error), or for a server-streaming method a {@link List} of
 * messages or a {@link #streamThenFail} reply (messages, then an error), or a {@link Handler} that
 * answers the call itself (it sees the request: a scripted server that checks what it is asked).
 * A call without a scripted reply fails with UNIMPLEMENTED naming the method.
 */
public final class ScriptedServices {
    private final Map<String, Deque<Object>> replies = new ConcurrentHashMap<>();
    private final Map<String, List<Object>> requests = new ConcurrentHashMap<>();

    /** A server-streaming reply: sends the messages, then fails the stream with the status. */
    public record StreamThenFail(List<?> messages, Status status) {
    }

    public static StreamThenFail streamThenFail(Status status, Object... messages) {
        return new StreamThenFail(List.of(messages), status);
    }

    /** A reply that answers one call itself: sends what it likes, completes or fails it, or leaves it open. */
    @FunctionalInterface
    public interface Handler<Req, Resp> {
        void handle(Req request, StreamObserver<Resp> observer);
    }

    /** {@code handler} as the reply of one call of {@code method} (the method only types it). */
    public static <Req, Resp> Handler<Req, Resp> handler(MethodDescriptor<Req, Resp> method, Handler<Req, Resp> handler) {
        return handler;
    }

    /** Adds replies for the next calls of the method. */
    public <Req, Resp> ScriptedServices reply(MethodDescriptor<Req, Resp> method, Object... answers) {
        Deque<Object> queue = replies.computeIfAbsent(method.getFullMethodName(), name -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(answers));
        }
        return this;
    }

    /** The requests the method got, in order (for client streams: every message). */
    @SuppressWarnings("unchecked")
    public <Req> List<Req> requests(MethodDescriptor<Req, ?> method) {
        synchronized (requests) {
            return List.copyOf((List<Req>) (List<?>) requests.getOrDefault(method.getFullMethodName(), List.of()));
        }
    }

    /** A service whose every method is answered from this script. */
    public ServerServiceDefinition service(ServiceDescriptor descriptor) {
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(descriptor);
        for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
            add(service, method);
        }
        return service.build();
    }

    private <Req, Resp> void add(ServerServiceDefinition.Builder service, MethodDescriptor<Req, Resp> method) {
        ServerCallHandler<Req, Resp> handler = switch (method.getType()) {
            case UNARY -> ServerCalls.asyncUnaryCall((request, observer) -> {
                record(method, request);
                answer(method, request, observer);
            });
            case SERVER_STREAMING -> ServerCalls.asyncServerStreamingCall((request, observer) -> {
                record(method, request);
                answer(method, request, observer);
            });
            case CLIENT_STREAMING -> ServerCalls.asyncClientStreamingCall(observer -> new StreamObserver<Req>() {
                @Override
                public void onNext(Req request) {
                    record(method, request);
                }

                @Override
                public void onError(Throwable t) {
                    // The client cancelled: nothing to answer.
                }

                @Override
                public void onCompleted() {
                    answer(method, null, observer);
                }
            });
            default -> throw new IllegalArgumentException("not scripted: " + method.getType());
        };
        service.addMethod(method, handler);
    }

    private void record(MethodDescriptor<?, ?> method, Object request) {
        synchronized (requests) {
            requests.computeIfAbsent(method.getFullMethodName(), name -> new ArrayList<>()).add(request);
        }
    }

    @SuppressWarnings("unchecked")
    private <Req, Resp> void answer(MethodDescriptor<Req, Resp> method, Req request, StreamObserver<Resp> observer) {
        Deque<Object> queue = replies.get(method.getFullMethodName());
        Object reply;
        if (queue == null) {
            reply = null;
        } else {
            synchronized (queue) {
                reply = queue.poll();
            }
        }
        if (reply == null) {
            observer.onError(Status.UNIMPLEMENTED
                    .withDescription("test: no reply scripted for " + method.getFullMethodName()).asRuntimeException());
        } else if (reply instanceof Handler<?, ?> handler) {
            ((Handler<Req, Resp>) handler).handle(request, observer);
        } else if (reply instanceof Status status) {
            observer.onError(status.asRuntimeException());
        } else if (reply instanceof StreamThenFail failing) {
            failing.messages().forEach(message -> observer.onNext((Resp) message));
            observer.onError(failing.status().asRuntimeException());
        } else if (reply instanceof List<?> messages) {
            messages.forEach(message -> observer.onNext((Resp) message));
            observer.onCompleted();
        } else {
            observer.onNext((Resp) reply);
            observer.onCompleted();
        }
    }
}
