package chant.cli.testing;

import chant.cli.CliContext;
import chant.cli.Main;
import chant.cli.ProcessRunner;
import chant.cli.Terminal;
import chant.cli.config.Service;
import chant.cli.config.Settings;
import chant.cli.rpc.ChannelFactory;
import chant.client.ServiceAddress;
import chant.cli.rpc.Connection;
import chant.client.auth.AuthMetadata;
import chant.v1.AuthServiceGrpc;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RunServiceGrpc;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the command tests: an in-process server with scripted ProjectService, SpecService,
 * SpecLifecycleService and SpecEventService (spec-service) and RunService (agent-service), and
 * {@link #run} which runs {@code chant} against it with the environment, config file, standard
 * input, editor, clock and Ctrl-C the test set up. CHANT_PROJECT is "demo" and CHANT_TOKEN is
 * {@link #TOKEN} unless a test removes them.
 */
public abstract class InProcessCliTest {
    public static final String PROJECT = "demo";
    /** The token every command sends unless a test changes CHANT_TOKEN (the scripted servers take any). */
    public static final String TOKEN = "test-token";

    /** Replies and recorded requests of the services. */
    protected final ScriptedServices server = new ScriptedServices();
    /** The authorization metadata of every call, in order (null when absent). */
    protected final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Every call the server got, in order, with its deadline. */
    protected final List<SeenCall> calls = new CopyOnWriteArrayList<>();
    /** The server addresses the CLI opened channels to. */
    protected final List<ServiceAddress> openedServers = new CopyOnWriteArrayList<>();
    /** The services the CLI opened channels to, in order. */
    protected final List<Service> openedServices = new CopyOnWriteArrayList<>();
    protected final Map<String, String> env = new HashMap<>();
    protected final Properties configFile = new Properties();
    protected String stdin = "";
    protected boolean interactive;
    protected ProcessRunner processes = command -> {
        throw new AssertionError("the test did not expect a process: " + command);
    };
    /** The commands' clock: pauses return at once. */
    protected final FakeTiming timing = new FakeTiming();
    /** Ctrl-C, pressed by the test. */
    protected final FakeInterrupts interrupts = new FakeInterrupts();

    private String serverName;
    private Server grpcServer;

    @BeforeEach
    void startServer() throws IOException {
        serverName = InProcessServerBuilder.generateName();
        ServerInterceptor recordUser = new ServerInterceptor() {
            @Override
            public <Req, Resp> ServerCall.Listener<Req> interceptCall(ServerCall<Req, Resp> call, Metadata headers,
                                                                      ServerCallHandler<Req, Resp> next) {
                authorizations.add(headers.get(AuthMetadata.AUTHORIZATION));
                calls.add(new SeenCall(call.getMethodDescriptor().getBareMethodName(), Context.current().getDeadline()));
                return next.startCall(call, headers);
            }
        };
        grpcServer = InProcessServerBuilder.forName(serverName).directExecutor()
                .addService(ServerInterceptors.intercept(
                        server.service(AuthServiceGrpc.getServiceDescriptor()), recordUser))
                .addService(ServerInterceptors.intercept(
                        server.service(ProjectServiceGrpc.getServiceDescriptor()), recordUser))
                .addService(ServerInterceptors.intercept(
                        server.service(SpecServiceGrpc.getServiceDescriptor()), recordUser))
                .addService(ServerInterceptors.intercept(
                        server.service(SpecLifecycleServiceGrpc.getServiceDescriptor()), recordUser))
                .addService(ServerInterceptors.intercept(
                        server.service(SpecEventServiceGrpc.getServiceDescriptor()), recordUser))
                .addService(ServerInterceptors.intercept(
                        server.service(RunServiceGrpc.getServiceDescriptor()), recordUser))
                .addService(ServerInterceptors.intercept(
                        server.service(chant.v1.MergeServiceGrpc.getServiceDescriptor()), recordUser))
                .build().start();
        env.put("CHANT_PROJECT", PROJECT);
        env.put("CHANT_TOKEN", TOKEN);
    }

    @AfterEach
    void stopServer() {
        grpcServer.shutdownNow();
    }

    /** Runs {@code chant args...} against the in-process server. */
    protected Result run(String... args) {
        return runWith((service, address) -> {
            openedServices.add(service);
            openedServers.add(address);
            return InProcessChannelBuilder.forName(serverName).directExecutor().build();
        }, args);
    }

    /** A new channel to the in-process server, for tests of classes below the commands. */
    protected ManagedChannel channel() {
        return InProcessChannelBuilder.forName(serverName).directExecutor().build();
    }

    /** Runs {@code chant args...} with channels from {@code channels}. */
    protected Result runWith(ChannelFactory channels, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(Settings.of(env, configFile), channels,
                new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive),
                processes, timing, interrupts);
        int exitCode = Main.run(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** A call the server got: its method's name (GetSpec) and its deadline (null: none). */
    public record SeenCall(String method, Deadline deadline) {
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        public List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
