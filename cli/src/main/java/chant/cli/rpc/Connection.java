package chant.cli.rpc;

import chant.cli.config.ClientConfig;
import chant.client.CallerMetadata;
import chant.cli.config.ServerAddress;
import chant.v1.ProjectServiceGrpc;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecEventServiceGrpc.SpecEventServiceBlockingStub;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub;
import chant.v1.ProjectServiceGrpc.ProjectServiceBlockingStub;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecServiceGrpc.SpecServiceBlockingStub;
import chant.v1.SpecServiceGrpc.SpecServiceBlockingV2Stub;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;

/**
 * One command's channel to the services. Every call carries {@code chant-user}; every stub
 * handed out has a fresh deadline, so take a new stub for each call.
 */
public final class Connection implements AutoCloseable {
    /** Deadline of each unary call. */
    public static final long CALL_DEADLINE_SECONDS = 30;
    /** Deadline of a whole import or export stream. */
    public static final long STREAM_DEADLINE_SECONDS = 600;

    private final ManagedChannel channel;
    private final ClientConfig config;
    private final ClientInterceptor userHeader;

    private Connection(ManagedChannel channel, ClientConfig config) {
        this.channel = channel;
        this.config = config;
        this.userHeader = CallerMetadata.asUser(config.user());
    }

    public static Connection open(ChannelFactory channels, ClientConfig config) {
        return new Connection(channels.open(config.server()), config);
    }

    public ClientConfig config() {
        return config;
    }

    public ServerAddress server() {
        return config.server();
    }

    /** ProjectService, for one unary call. */
    public ProjectServiceBlockingStub projects() {
        return ProjectServiceGrpc.newBlockingStub(channel).withInterceptors(userHeader)
                .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** SpecService, for one unary call. */
    public SpecServiceBlockingStub specs() {
        return SpecServiceGrpc.newBlockingStub(channel).withInterceptors(userHeader)
                .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** SpecService, for one server-streaming call (export). */
    public SpecServiceBlockingStub specStream() {
        return SpecServiceGrpc.newBlockingStub(channel).withInterceptors(userHeader)
                .withDeadlineAfter(STREAM_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * SpecService, for one client-streaming call (import): its writes wait while the
     * transport is not ready, so a large folder is never buffered whole.
     */
    public SpecServiceBlockingV2Stub specUpload() {
        return SpecServiceGrpc.newBlockingV2Stub(channel).withInterceptors(userHeader)
                .withDeadlineAfter(STREAM_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** SpecLifecycleService, for one unary call. */
    public SpecLifecycleServiceBlockingStub lifecycle() {
        return SpecLifecycleServiceGrpc.newBlockingStub(channel).withInterceptors(userHeader)
                .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** SpecEventService, for one unary call. */
    public SpecEventServiceBlockingStub events() {
        return SpecEventServiceGrpc.newBlockingStub(channel).withInterceptors(userHeader)
                .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * SpecEventService for one watch stream: no deadline (it runs until the server closes it or
     * the user stops it). {@code onConnected} runs when the call reaches the server (its stream
     * is ready or headers arrive), which tells a reconnecting watch that the server is back.
     */
    public SpecEventServiceBlockingStub eventWatch(Runnable onConnected) {
        return SpecEventServiceGrpc.newBlockingStub(channel).withInterceptors(userHeader, connected(onConnected));
    }

    private static ClientInterceptor connected(Runnable onConnected) {
        return new ClientInterceptor() {
            @Override
            public <Req, Resp> ClientCall<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method,
                                                                   CallOptions options, Channel next) {
                return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<Resp> listener, Metadata headers) {
                        super.start(new SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onReady() {
                                onConnected.run();
                                super.onReady();
                            }

                            @Override
                            public void onHeaders(Metadata received) {
                                onConnected.run();
                                super.onHeaders(received);
                            }

                            @Override
                            public void onMessage(Resp message) {
                                onConnected.run();
                                super.onMessage(message);
                            }
                        }, headers);
                    }
                };
            }
        };
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
