package chant.merge.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts one {@link ScriptedSpecService} and one {@link ScriptedAgentService} for the whole test run and
 * points merge-service at them ({@code chant.merge.spec-server}, {@code chant.merge.agent-server}). Registered for every test class, so all of them share one
 * Quarkus application.
 */
public class ScriptedSpecServiceResource implements QuarkusTestResourceLifecycleManager {

    private static ScriptedSpecService server;
    private static ScriptedAgentService agents;

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

    /** The running scripted agent-service (merge-conflict runs). */
    public static synchronized ScriptedAgentService agents() {
        if (agents == null) {
            try {
                agents = new ScriptedAgentService();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return agents;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("chant.merge.spec-server", "localhost:" + server().port(),
                "chant.merge.agent-server", "localhost:" + agents().port());
    }

    @Override
    public void stop() {
        // one server for the whole run; it ends with the JVM
    }
}
