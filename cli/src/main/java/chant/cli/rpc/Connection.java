package chant.cli.rpc;

import chant.cli.CliException;
import chant.cli.config.ClientConfig;
import chant.cli.config.Service;
import chant.cli.error.StatusMessages;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import chant.v1.AuthServiceGrpc;
import chant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import chant.v1.ProjectServiceGrpc;
import chant.v1.ProjectServiceGrpc.ProjectServiceBlockingStub;
import chant.v1.RunServiceGrpc;
import chant.v1.RunServiceGrpc.RunServiceBlockingStub;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecEventServiceGrpc.SpecEventServiceBlockingStub;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecServiceGrpc.SpecServiceBlockingStub;
import chant.v1.SpecServiceGrpc.SpecServiceBlockingV2Stub;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One command's channels to the services. A service's channel is opened on its first stub, so a
 * command that needs only spec-service never opens the others. Every call carries the command's
 * bearer token ({@link BearerCredentials}); without a token no channel is opened and the command
 * fails with {@link ClientConfig#NO_TOKEN} before its first call. Every call that fails is recorded with the service it went to, so that
 * the error names that service and its address ({@link #failure}). Every stub handed out has a
 * fresh deadline, so take a new stub for each call.
 *
 * <p>Stubs of another service slot in as one method each, as {@link #runs()} for agent-service.
 */
public final class Connection implements AutoCloseable {
    /** Deadline of a whole import or export stream (or the unary timeout when that is longer). */
    public static final Duration STREAM_DEADLINE = Duration.ofMinutes(10);

    /** The deadline a stub was given, so that a DEADLINE_EXCEEDED can say how long it waited. */
    private static final CallOptions.Key<Duration> DEADLINE = CallOptions.Key.create("chant-deadline");

    /** A failed call: the service it went to, its status, the deadline it had (null: none). */
    public record Failure(Service service, ServiceAddress address, Status status, Duration deadline) {
    }

    private final ChannelFactory channels;
    private final ClientConfig config;
    private ClientInterceptor credentials;
    private final Map<Service, ManagedChannel> open = new EnumMap<>(Service.class);
    private final Map<Service, Channel> intercepted = new EnumMap<>(Service.class);
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

    private Connection(ChannelFactory channels, ClientConfig config) {
        this.channels = channels;
        this.config = config;
    }

    /** A connection that opens each service's channel when it is first needed. */
    public static Connection open(ChannelFactory channels, ClientConfig config) {
        return new Connection(channels, config);
    }

    public ClientConfig config() {
        return config;
    }

    public ServiceAddress address(Service service) {
        return config.address(service);
    }

    /**
     * The channel to {@code service} (opened now if it is not yet): every call on it sends the
     * token and failed calls are recorded. Unary stubs on it go through {@link #unary}.
     *
     * @throws chant.cli.CliException (exit 14) when there is no token to send: nothing is opened
     */
    public synchronized Channel channel(Service service) {
        Channel channel = intercepted.get(service);
        if (channel == null) {
            if (credentials == null) {
                credentials = withCredentials(BearerCredentials.of(config.requireToken().value()));
            }
            ManagedChannel managed = channels.open(service, config.address(service));
            open.put(service, managed);
            channel = ClientInterceptors.intercept(managed, credentials, recordFailures(service));
            intercepted.put(service, channel);
        }
        return channel;
    }

    /** The stub with the unary deadline ({@code --timeout}). */
    public <S extends AbstractStub<S>> S unary(S stub) {
        return withDeadline(stub, config.timeout());
    }

    /** The stub with the deadline of a whole stream (import, export). */
    public <S extends AbstractStub<S>> S stream(S stub) {
        Duration deadline = config.timeout().compareTo(STREAM_DEADLINE) > 0 ? config.timeout() : STREAM_DEADLINE;
        return withDeadline(stub, deadline);
    }

    private static <S extends AbstractStub<S>> S withDeadline(S stub, Duration deadline) {
        return stub.withOption(DEADLINE, deadline).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** spec-service's AuthService (who am I, tokens, members), for one unary call. */
    public AuthServiceBlockingStub auth() {
        return unary(AuthServiceGrpc.newBlockingStub(channel(Service.SPEC)));
    }

    /** ProjectService, for one unary call. */
    public ProjectServiceBlockingStub projects() {
        return unary(ProjectServiceGrpc.newBlockingStub(channel(Service.SPEC)));
    }

    /** SpecService, for one unary call. */
    public SpecServiceBlockingStub specs() {
        return unary(SpecServiceGrpc.newBlockingStub(channel(Service.SPEC)));
    }

    /** SpecService, for one server-streaming call (export). */
    public SpecServiceBlockingStub specStream() {
        return stream(SpecServiceGrpc.newBlockingStub(channel(Service.SPEC)));
    }

    /**
     * SpecService, for one client-streaming call (import): its writes wait while the
     * transport is not ready, so a large folder is never buffered whole.
     */
    public SpecServiceBlockingV2Stub specUpload() {
        return stream(SpecServiceGrpc.newBlockingV2Stub(channel(Service.SPEC)));
    }

    /** SpecLifecycleService, for one unary call. */
    public SpecLifecycleServiceBlockingStub lifecycle() {
        return unary(SpecLifecycleServiceGrpc.newBlockingStub(channel(Service.SPEC)));
    }

    /** SpecEventService, for one unary call. */
    public SpecEventServiceBlockingStub events() {
        return unary(SpecEventServiceGrpc.newBlockingStub(channel(Service.SPEC)));
    }

    /**
     * SpecEventService for one watch stream: no deadline (it runs until the server closes it or
     * the user stops it). {@code onConnected} runs when the call reaches the server (its stream
     * is ready or headers arrive), which tells a reconnecting watch that the server is back.
     */
    public SpecEventServiceBlockingStub eventWatch(Runnable onConnected) {
        return SpecEventServiceGrpc.newBlockingStub(channel(Service.SPEC)).withInterceptors(connected(onConnected));
    }

    /** merge-service's MergeService, for one unary call. */
    public chant.v1.MergeServiceGrpc.MergeServiceBlockingStub merges() {
        return unary(chant.v1.MergeServiceGrpc.newBlockingStub(channel(Service.MERGE)));
    }

    /** merge-service's MergeService for one WatchMerge stream: no deadline, as a queue may take long. */
    public chant.v1.MergeServiceGrpc.MergeServiceBlockingStub mergeWatch() {
        return chant.v1.MergeServiceGrpc.newBlockingStub(channel(Service.MERGE));
    }

    /** agent-service's RunService, for one unary call. */
    public RunServiceBlockingStub runs() {
        return unary(RunServiceGrpc.newBlockingStub(channel(Service.AGENT)));
    }

    /**
     * agent-service's RunService for one FollowLog stream that follows a run until it ends: no
     * deadline, as a run may take hours. {@code onConnected} runs when the call reaches the server
     * (as for {@link #eventWatch}).
     */
    public RunServiceBlockingStub runLogFollow(Runnable onConnected) {
        return RunServiceGrpc.newBlockingStub(channel(Service.AGENT)).withInterceptors(connected(onConnected));
    }

    /** agent-service's RunService for one FollowLog stream of the stored log: the deadline of a whole stream. */
    public RunServiceBlockingStub runLogRead(Runnable onConnected) {
        return stream(RunServiceGrpc.newBlockingStub(channel(Service.AGENT)).withInterceptors(connected(onConnected)));
    }

    /**
     * The failed call {@code status} came from: the last failed call, when {@code status} is its
     * status (the stubs hand on the very object the call closed with) or has its code; else a
     * failure of spec-service (a status that did not come from a call of this connection).
     */
    public Failure failure(Status status) {
        Failure last = lastFailure.get();
        if (last != null && (last.status() == status || last.status().getCode() == status.getCode())) {
            return last;
        }
        return new Failure(Service.SPEC, address(Service.SPEC), status, null);
    }

    /** The one line and exit code for a failed call. */
    public CliException toCliException(Status status, Throwable cause) {
        Failure failure = failure(status);
        return StatusMessages.toCliException(failure.status(), failure.service(), failure.address(),
                failure.deadline(), cause);
    }

    /** The last failed call of this connection. */
    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    private ClientInterceptor recordFailures(Service service) {
        return new ClientInterceptor() {
            @Override
            public <Req, Resp> ClientCall<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method,
                                                                   CallOptions options, Channel next) {
                Duration deadline = options.getDeadline() == null ? null : options.getOption(DEADLINE);
                return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<Resp> listener, Metadata headers) {
                        super.start(new SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                if (!status.isOk()) {
                                    lastFailure.set(new Failure(service, config.address(service), status, deadline));
                                }
                                super.onClose(status, trailers);
                            }
                        }, headers);
                    }
                };
            }
        };
    }

    /**
     * Puts the credentials on every call of the channel, so that each stub, whoever builds it on
     * {@link #channel}, sends the token.
     */
    private static ClientInterceptor withCredentials(BearerCredentials bearer) {
        return new ClientInterceptor() {
            @Override
            public <Req, Resp> ClientCall<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method,
                                                                   CallOptions options, Channel next) {
                return next.newCall(method, options.withCallCredentials(bearer));
            }
        };
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

    /** Closes the channels that were opened. */
    @Override
    public synchronized void close() {
        open.values().forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : open.values()) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
