package chant.cli.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.cli.CliException;
import chant.cli.config.ClientConfig;
import chant.cli.config.Service;
import chant.cli.testing.InProcessCliTest;
import chant.v1.GetSpecRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.SpecServiceGrpc;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One channel per service, opened on first use; failures name the service that failed. */
class ServiceConnectionsTest extends InProcessCliTest {

    @Test
    void aCommandThatNeedsOnlySpecServiceOpensOnlyItsChannel() {
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance());

        Result result = run("list", "--agent-server", "agents.example:1", "--merge-server", "merges.example:2");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(Service.SPEC), openedServices);
        assertEquals("localhost:8181", openedServers.get(0).toString());
    }

    @Test
    void aCommandThatFailsBeforeAnyCallOpensNoChannel() {
        Result result = run("edit", "x", "--markdown-file", "a.md", "--title", "T");

        assertEquals(2, result.exitCode(), result.toString());
        assertEquals(List.of(), openedServices);
    }

    @Test
    void theSpecServerSettingsMoveSpecService() {
        env.put("CHANT_SPEC_SERVER", "specs.example:9000");
        server.reply(SpecServiceGrpc.getListSpecsMethod(), ListSpecsResponse.getDefaultInstance());

        Result result = run("list");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("specs.example:9000", openedServers.get(0).toString());
    }

    @Test
    void anInvalidAddressIsOneUsageLine() {
        Result result = run("list", "--agent-server", "agents.example:99999");

        assertEquals(2, result.exitCode());
        assertEquals(List.of("chant: invalid address 'agents.example:99999': expected HOST:PORT "
                + "(agent-service address from --agent-server)"), result.errLines());
        assertEquals(List.of(), openedServices);
    }

    @Test
    void aFailedCallIsReportedWithTheServiceItWentTo() {
        ClientConfig config = ClientConfig.defaults("tester", Optional.of(PROJECT));
        try (Connection connection = Connection.open((service, address) -> service == Service.SPEC ? channel()
                : InProcessChannelBuilder.forName("nobody-listens-here").build(), config)) {
            // No agent-service RPCs exist yet: any stub on its channel shows how a failure is attributed.
            StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> connection
                    .unary(SpecServiceGrpc.newBlockingStub(connection.channel(Service.AGENT)))
                    .getSpec(GetSpecRequest.getDefaultInstance()));

            CliException shown = connection.toCliException(failure.getStatus(), failure);

            assertEquals(7, shown.exitCode());
            assertEquals("cannot reach agent-service at localhost:8182 (is it running? scripts/services status)",
                    shown.getMessage());
        }
    }

    @Test
    void theLastFailedCallIsTheOneReported() {
        ClientConfig config = ClientConfig.defaults("tester", Optional.of(PROJECT));
        try (Connection connection = Connection.open(
                (service, address) -> InProcessChannelBuilder.forName("nobody-listens-here").build(), config)) {
            assertThrows(StatusRuntimeException.class, () -> connection
                    .unary(SpecServiceGrpc.newBlockingStub(connection.channel(Service.MERGE)))
                    .getSpec(GetSpecRequest.getDefaultInstance()));
            StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                    () -> connection.specs().getSpec(GetSpecRequest.getDefaultInstance()));

            assertEquals("cannot reach spec-service at localhost:8181 (is it running? scripts/services status)",
                    connection.toCliException(failure.getStatus(), failure).getMessage());
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsOneLineAfterTheTimeout() throws IOException {
        try (SilentServer silent = new SilentServer()) {
            Result result = runWith(ChannelFactory.plaintext(),
                    "list", "--spec-server", "127.0.0.1:" + silent.port(), "--timeout", "0.5");

            assertEquals(7, result.exitCode(), result.toString());
            assertEquals(List.of("chant: spec-service at 127.0.0.1:" + silent.port()
                    + " did not answer within 0.5 s (wait longer with --timeout SECONDS)"), result.errLines());
            assertFalse(result.err().contains("buffered_nanos") || result.err().contains("closed=["), result.err());
        }
    }

    @Test
    void theTimeoutComesFromTheEnvironmentToo() throws IOException {
        try (SilentServer silent = new SilentServer()) {
            env.put("CHANT_TIMEOUT", "0.3");
            env.put("CHANT_SERVER", "127.0.0.1:" + silent.port());

            Result result = runWith(ChannelFactory.plaintext(), "show", "x");

            assertEquals(7, result.exitCode(), result.toString());
            assertEquals(List.of("chant: spec-service at 127.0.0.1:" + silent.port()
                    + " did not answer within 0.3 s (wait longer with --timeout SECONDS)"), result.errLines());
        }
    }

    /** A TCP server that accepts connections and never sends a byte. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "silent-server");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    accepted.add(socket.accept());
                }
            } catch (SocketException closed) {
                // close() ends the loop
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }
}
