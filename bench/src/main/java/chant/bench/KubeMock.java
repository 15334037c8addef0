package chant.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * fabric8's mock Kubernetes API server in CRUD mode (what agent-service's tests use), on a loopback
 * port, for the jobs phase: {@code java -cp bench/target/chant-bench.jar:bench/target/lib/*
 * chant.bench.KubeMock PORT}. It keeps what is created, serves gets, lists, patches and watches, and
 * runs nothing: the bench plays the kubelet. It runs until it is stopped (SIGTERM); scripts/bench
 * starts it before agent-service and stops it at the end.
 */
public final class KubeMock {

    private KubeMock() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || !args[0].matches("\\d{1,5}")) {
            System.err.println("usage: chant.bench.KubeMock PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.destroy();
            stopped.countDown();
        }, "kube-mock-stop"));
        System.out.println("kube mock: the Kubernetes API (fabric8 mock server, CRUD mode) listens on http://127.0.0.1:"
                + port);
        System.out.flush();
        stopped.await();
    }
}
