package chant.support.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server-streaming call fed by a {@link StreamPump} over real gRPC (in-process transport, which
 * is ready only while the client has asked for messages): a slow client holds the server to what
 * it asked for, a live source is followed, and cancel, failure and shutdown end the call.
 */
class StreamPumpTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static final MethodDescriptor<String, String> WATCH = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("test.Feed/Watch")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final String name = InProcessServerBuilder.generateName();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicReference<StreamPump<String>> pump = new AtomicReference<>();
    private final AtomicBoolean stoppedOnce = new AtomicBoolean();
    private final AtomicInteger stops = new AtomicInteger();

    /** The live source: the test appends, the pump reads from a cursor. */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reads = new AtomicInteger();
    private volatile int batchSize = 10;
    private volatile int lastAt = -1;
    private volatile RuntimeException failure;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> wakeUps = new ConcurrentLinkedQueue<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        executor.shutdownNow();
    }

    private ManagedChannel serve(Duration poll) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Feed")
                .addMethod(WATCH, ServerCalls.asyncServerStreamingCall((request, observer) -> {
                    int[] cursor = {0};
                    StreamPump<String> p = new StreamPump<>((ServerCallStreamObserver<String>) observer, () -> {
                        reads.incrementAndGet();
                        if (failure != null) {
                            throw failure;
                        }
                        synchronized (log) {
                            int end = Math.min(log.size(), cursor[0] + batchSize);
                            List<String> batch = List.copyOf(log.subList(cursor[0], end));
                            cursor[0] = end;
                            return new StreamPump.Batch<>(batch, lastAt >= 0 && end >= lastAt);
                        }
                    }, () -> {
                        CompletableFuture<Void> wake = new CompletableFuture<>();
                        wakeUps.add(wake);
                        wake.whenComplete((v, e) -> wakeUps.remove(wake));
                        return wake;
                    }, poll, executor, e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException(),
                            () -> {
                                stops.incrementAndGet();
                                stoppedOnce.set(true);
                            });
                    pump.set(p);
                    p.start();
                })).build();
        Server server = InProcessServerBuilder.forName(name).executor(executor).addService(service).build().start();
        closing.add(() -> server.shutdownNow());
        ManagedChannel channel = InProcessChannelBuilder.forName(name).executor(executor).build();
        closing.add(0, () -> channel.shutdownNow());
        return channel;
    }

    /** A client that asks for {@code initial} messages and more only when told to. */
    private static final class Client implements ClientResponseObserver<String, String> {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Throwable> end = new CompletableFuture<>();
        final int initial;
        volatile ClientCallStreamObserver<String> call;

        Client(int initial) {
            this.initial = initial;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<String> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(initial);
        }

        @Override
        public void onNext(String value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(t);
        }

        @Override
        public void onCompleted() {
            end.complete(null);
        }
    }

    private Client watch(ManagedChannel channel, int initial) {
        Client client = new Client(initial);
        ClientCalls.asyncServerStreamingCall(channel.newCall(WATCH, io.grpc.CallOptions.DEFAULT), "watch", client);
        return client;
    }

    private void append(int count) {
        synchronized (log) {
            int start = log.size();
            for (int i = 0; i < count; i++) {
                log.add("message " + (start + i));
            }
        }
        wakeUps.forEach(w -> w.complete(null));
    }

    @Test
    void aSlowClientHoldsTheServerToWhatItAskedForAndThenGetsEverythingInOrder() throws Exception {
        append(1000);
        lastAt = 1000;
        ManagedChannel channel = serve(Duration.ofSeconds(30));

        Client client = watch(channel, 5);
        await().atMost(DEADLINE).until(() -> client.received.size() == 5);
        await().atMost(DEADLINE).until(() -> wip(pump.get()) == 0);
        int readsWhileHeld = reads.get();

        assertTrue(readsWhileHeld <= 2, "a client that asked for 5 messages made the server read " + readsWhileHeld
                + " batches of 10, not the whole backlog of 100");
        client.call.request(Integer.MAX_VALUE);
        assertEquals(null, client.end.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1000, client.received.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals("message " + i, client.received.get(i));
        }
        assertEquals(1, stops.get());
    }

    @Test
    void aLiveSourceIsFollowedOnWakeUpsAndByPollingForChangesMadeElsewhere() throws Exception {
        ManagedChannel channel = serve(Duration.ofMillis(50));
        Client client = watch(channel, Integer.MAX_VALUE);
        await().atMost(DEADLINE).until(() -> reads.get() >= 1);

        append(3);
        await().atMost(DEADLINE).until(() -> client.received.size() == 3);
        synchronized (log) {
            // Without a wake-up: only the poll finds it.
            log.add("message 3");
        }
        await().atMost(DEADLINE).until(() -> client.received.size() == 4);
        lastAt = 5;
        append(1);

        assertEquals(null, client.end.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of("message 0", "message 1", "message 2", "message 3", "message 4"), client.received);
    }

    @Test
    void aCancelledCallStopsThePumpAndItsWaitIsReleased() throws Exception {
        ManagedChannel channel = serve(Duration.ofSeconds(30));
        Client client = watch(channel, Integer.MAX_VALUE);
        await().atMost(DEADLINE).until(() -> wakeUps.size() == 1);

        client.call.cancel("the user pressed Ctrl-C", null);

        await().atMost(DEADLINE).until(stoppedOnce::get);
        await().atMost(DEADLINE).until(wakeUps::isEmpty);
        int readsAtStop = reads.get();
        append(5);
        assertEquals(readsAtStop, reads.get(), "nothing is read after the cancel");
        assertEquals(1, stops.get());
    }

    @Test
    void aFailingSourceEndsTheCallWithTheMappedStatus() throws Exception {
        failure = new IllegalArgumentException("project web does not exist");
        ManagedChannel channel = serve(Duration.ofSeconds(30));

        Client client = watch(channel, Integer.MAX_VALUE);

        Throwable end = client.end.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        Status status = ((StatusRuntimeException) end).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("project web does not exist", status.getDescription());
        assertEquals(1, stops.get());
    }

    @Test
    void anInterruptedPumpEndsAWaitingCallWithItsFailure() throws Exception {
        ManagedChannel channel = serve(Duration.ofSeconds(30));
        Client client = watch(channel, Integer.MAX_VALUE);
        await().atMost(DEADLINE).until(() -> wakeUps.size() == 1);

        pump.get().interrupt(Status.UNAVAILABLE.withDescription("shutting down: watch again").asRuntimeException());

        Throwable end = client.end.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Status.Code.UNAVAILABLE, ((StatusRuntimeException) end).getStatus().getCode());
        await().atMost(DEADLINE).until(wakeUps::isEmpty);
        assertEquals(1, stops.get());
    }

    private static int wip(StreamPump<?> pump) {
        return pump.busy() ? 1 : 0;
    }
}
