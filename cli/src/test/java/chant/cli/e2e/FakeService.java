package chant.cli.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A stand-in for a packaged service in {@link ServicesScriptTest}: run as
 * {@code <module>/target/quarkus-app/quarkus-run.jar}, it listens on the port named by
 * {@code CHANT_<MODULE PREFIX>_PORT}, answers {@code /q/health/ready}, and prints its JVM options.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(System.getProperty("java.class.path")).toAbsolutePath();
        String module = jar.getParent().getParent().getParent().getFileName().toString();
        String portVariable = "CHANT_" + module.substring(0, module.indexOf('-')).toUpperCase(Locale.ROOT) + "_PORT";
        int port = Integer.parseInt(System.getenv(portVariable));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "UP".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println(module + " jvm options: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
