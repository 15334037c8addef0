package chant.merge.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts one {@link ScriptedSpecService} for the whole test run and points merge-service at it
 * ({@code chant.merge.spec-server}). Registered for every test class, so all of them share one
 * Quarkus application.
 */
public class ScriptedSpecServiceResource implements QuarkusTestResourceLifecycleManager {

    private static ScriptedSpecService server;

    /** The running scripted spec-service. */
    public static synchronized ScriptedSpecService server() {
        if (server == null) {
            try {
                server = new ScriptedSpecService();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("chant.merge.spec-server", "localhost:" + server().port());
    }

    @Override
    public void stop() {
        // one server for the whole run; it ends with the JVM
    }
}
