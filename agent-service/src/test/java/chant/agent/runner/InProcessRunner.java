package chant.agent.runner;

import chant.agent.prompt.PromptRenderer;
import chant.agent.remote.ServiceConnections;
import chant.support.git.Git;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.support.testing.TestTokens;
import chant.v1.ClaimRunResponse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The runner of a claimed run, inside the test's JVM, as the runner process runs it: real gRPC to the
 * agent-service under test and the scripted spec-service, the bubblewrap sandbox, git on the PATH.
 */
final class InProcessRunner {

    private InProcessRunner() {
    }

    /** agent-service under test (its random test port on loopback). */
    static String testAgentServer() {
        return "localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /**
     * Runs the claimed attempt to its end and returns the runner's exit code. The runner gets its run's
     * token as agent-service gives it ({@code CHANT_RUN_TOKEN}): the one in {@code env}, else one minted
     * for the claimed run by the tests' issuer, as spec-service would.
     */
    static int run(ClaimRunResponse claim, String agentServer, String specServer, Path workRoot, Map<String, String> env,
            Duration connectTimeout, PrintStream output) {
        String token = env.containsKey(RunnerConfig.RUN_TOKEN) ? env.get(RunnerConfig.RUN_TOKEN)
                : TestTokens.shared().run(String.valueOf(claim.getRun().getId()), claim.getRun().getProject(),
                        claim.getRun().getSpecId());
        RunnerConfig config = new RunnerConfig(claim.getRun().getId(), claim.getLease().getEpoch(), agentServer,
                specServer, workRoot, 1, false, env, token);
        try (ServiceConnections services = new ServiceConnections(config.agentServer(), config.specServer(),
                connectTimeout, config::runToken)) {
            Sandbox sandbox = Sandbox.bubblewrap(Bubblewrap.onPath());
            // As RunnerMain: the providers get the environment without the run's token.
            return new Runner(config, services.agentService(), services.specService(), sandbox,
                    new Providers(sandbox, RunnerConfig.withoutRunToken(env)), new PromptRenderer(), Git.onPath(),
                    Clock.systemUTC(), output).run();
        }
    }
}
