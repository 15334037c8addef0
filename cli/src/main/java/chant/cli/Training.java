package chant.cli;

import chant.cli.config.Settings;
import chant.cli.rpc.ChannelFactory;
import chant.v1.GetRunRequest;
import chant.v1.GetRunResponse;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ListRunsRequest;
import chant.v1.ListRunsResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.RunServiceGrpc;
import chant.v1.SpecServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The training run of {@code bin/chant}'s class-data archive: runs a few typical commands against
 * a small gRPC server in this JVM, standing in for spec-service and agent-service (the CLI's real
 * channel and code paths, no service needed), so that the classes they load are recorded. Prints
 * nothing.
 */
public final class Training {

    private Training() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Main.configureProcess();
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new SpecServiceGrpc.SpecServiceImplBase() {
                    @Override
                    public void listSpecs(ListSpecsRequest request, StreamObserver<ListSpecsResponse> observer) {
                        observer.onNext(ListSpecsResponse.getDefaultInstance());
                        observer.onCompleted();
                    }

                    @Override
                    public void getSpec(GetSpecRequest request, StreamObserver<GetSpecResponse> observer) {
                        observer.onError(Status.NOT_FOUND.withDescription("no spec '" + request.getId() + "'")
                                .asRuntimeException());
                    }
                })
                .addService(new RunServiceGrpc.RunServiceImplBase() {
                    @Override
                    public void listRuns(ListRunsRequest request, StreamObserver<ListRunsResponse> observer) {
                        observer.onNext(ListRunsResponse.getDefaultInstance());
                        observer.onCompleted();
                    }

                    @Override
                    public void getRun(GetRunRequest request, StreamObserver<GetRunResponse> observer) {
                        observer.onError(Status.NOT_FOUND.withDescription("run " + request.getRunId() + " does not exist")
                                .asRuntimeException());
                    }
                })
                .build().start();
        try {
            String address = "127.0.0.1:" + server.getPort();
            for (List<String> command : List.<List<String>>of(
                    List.of("list", "--project", "training"),
                    List.of("show", "x7m", "--project", "training"),
                    List.of("runs", "--project", "training"),
                    List.of("log", "--run", "1"),
                    List.of("--help"),
                    List.of(),
                    List.of("list", "--no-such-option"))) {
                run(address, command);
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void run(String address, List<String> command) {
        CliContext context = new CliContext(
                Settings.of(Map.of("CHANT_SPEC_SERVER", address, "CHANT_AGENT_SERVER", address,
                        "CHANT_TOKEN", "training-token"), new Properties()),
                ChannelFactory.plaintext(), new Terminal(new ByteArrayInputStream(new byte[0]), false),
                processCommand -> {
                    throw new IOException("no processes in training");
                });
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        Main.run(context, discard, discard, command.toArray(String[]::new));
    }
}
