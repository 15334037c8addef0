package chant.support.testing;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A server-streaming call whose client takes one message and more only when asked: a slow reader,
 * to show that a service sends only what the transport takes (flow control) and what it sends then.
 */
public final class SlowStream<Q, R> implements ClientResponseObserver<Q, R> {

    private final List<R> received = Collections.synchronizedList(new ArrayList<>());
    private volatile ClientCallStreamObserver<Q> call;
    private volatile boolean completed;

    private SlowStream() {
    }

    /** Starts {@code method} (an async stub's method, e.g. {@code stub::watchMerge}) with {@code request}. */
    public static <Q, R> SlowStream<Q, R> start(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        SlowStream<Q, R> stream = new SlowStream<>();
        method.accept(request, stream);
        return stream;
    }

    /** The messages received so far, in order. */
    public List<R> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Whether the server completed the stream. */
    public boolean completed() {
        return completed;
    }

    /** Lets the server send {@code count} more messages. */
    public void request(int count) {
        call.request(count);
    }

    /** Ends the call from the client's side, as a dropped client would. */
    public void cancel() {
        call.cancel("done", null);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(1);
    }

    @Override
    public void onNext(R value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
        completed = true;
    }
}
