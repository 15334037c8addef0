package chant.agent.remote;

import chant.support.remote.RemoteException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.work.Progress;
import chant.agent.work.RunTicket;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.v1.HeartbeatRequest;
import chant.v1.HeartbeatResponse;
import chant.v1.RunnerServiceGrpc;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.stub.ServerCalls;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A runner's client of agent-service is back as soon as the service is, however long it was away. */
class AgentServiceClientTest {

    private static final RunTicket TICKET = new RunTicket(7, 1, "kv", "2026-12-04-001-abc", "", "demo", "", 300, "alice", 1, 0);

    @Test
    void heartbeatsGoThroughAgainRightAfterTheServiceIsBack() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ManagedChannel channel = Channels.plaintext(ServiceAddress.parse("127.0.0.1:" + port, 8182));
        AgentServiceClient client = new AgentServiceClient(channel, Duration.ofSeconds(2), () -> "a-run-token");
        AtomicInteger beats = new AtomicInteger();
        Server server = null;
        try {
            // Away for 6.5 s, a runner beating every half second: the channel's own reconnect backoff would
            // have grown to about 4 s by then (1, 1.6, 2.6 s, ...), its next attempt 1 to 5 s after the start.
            Instant back = Instant.now().plusMillis(6500);
            while (Instant.now().isBefore(back)) {
                RemoteException e = assertThrows(RemoteException.class, () -> client.heartbeat(TICKET, Progress.RUNNING, ""));
                assertTrue(e.retryable(), e.getMessage());
                Thread.sleep(500);
            }
            // A handler registry, not a subclass of the generated service base: the test application would serve that.
            ServerMethodDefinition<HeartbeatRequest, HeartbeatResponse> heartbeat = ServerMethodDefinition.create(
                    RunnerServiceGrpc.getHeartbeatMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                        beats.incrementAndGet();
                        response.onNext(HeartbeatResponse.getDefaultInstance());
                        response.onCompleted();
                    }));
            server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                    .fallbackHandlerRegistry(new HandlerRegistry() {
                        @Override
                        public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
                            return method.equals(heartbeat.getMethodDescriptor().getFullMethodName()) ? heartbeat : null;
                        }
                    }).build().start();

            await().atMost(Duration.ofMillis(1000)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !client.heartbeat(TICKET, Progress.RUNNING, "").cancelRequested() && beats.get() > 0);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            if (server != null) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
