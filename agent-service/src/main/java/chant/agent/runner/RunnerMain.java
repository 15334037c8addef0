package chant.agent.runner;

import chant.support.git.Git;
import chant.agent.prompt.PromptRenderer;
import chant.agent.remote.ServiceConnections;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import java.time.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runner's entry point: {@code java -cp <agent-service classes and libraries>
 * chant.agent.runner.RunnerMain}, configured by its environment ({@link RunnerConfig}). agent-service's
 * local backend starts it as a process of its own session, so it outlives a restart of the service;
 * a Kubernetes Job starts the same class in a pod.
 *
 * <p>A runner may be started ahead of its run ({@code CHANT_RUNNER_WAIT_FOR_RUN=stdin}): it connects to
 * the services and waits for one line on standard input naming its run and lease; at the end of input
 * (agent-service closed it, or went away) it ends without doing anything.
 */
public final class RunnerMain {

    private RunnerMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        boolean waits = RunnerConfig.waitsForRun(env);
        String agentServer;
        String specServer;
        try {
            if (!waits) {
                RunnerConfig.fromEnvironment(env);
            }
            agentServer = RunnerConfig.agentServer(env);
            specServer = RunnerConfig.specServer(env);
        } catch (IllegalArgumentException e) {
            System.err.println("chant runner: " + e.getMessage());
            System.exit(Runner.NOT_RETRYABLE);
            return;
        }
        int code;
        // The run's token, known once the run is (a waiting runner gets both on standard input).
        AtomicReference<String> runToken = new AtomicReference<>();
        try (ServiceConnections services = new ServiceConnections(agentServer, specServer, Duration.ofSeconds(10),
                runToken::get)) {
            // The sandbox and providers depend on the service's settings only, not on the run: made before a wait.
            boolean unsandboxed = Boolean.parseBoolean(env.getOrDefault(RunnerConfig.UNSANDBOXED, "false"));
            Sandbox sandbox = unsandboxed ? Sandbox.unsandboxed() : Sandbox.bubblewrap(Bubblewrap.onPath());
            // The providers never see the run's token, so neither can their agents.
            Providers providers = new Providers(sandbox, RunnerConfig.withoutRunToken(env));
            if (waits) {
                // Started ahead of its run: connect, probe the sandbox, then wait for the run (or for the service to
                // go: end of input).
                services.connect();
                providers.prepare();
                Optional<String> line = assignment();
                if (line.isEmpty()) {
                    System.out.println("chant runner: agent-service gave no run and closed standard input; ending");
                    System.exit(0);
                    return;
                }
                env = RunnerConfig.assigned(env, line.get());
            }
            RunnerConfig config;
            try {
                config = RunnerConfig.fromEnvironment(env);
            } catch (IllegalArgumentException e) {
                System.err.println("chant runner: " + e.getMessage());
                System.exit(Runner.NOT_RETRYABLE);
                return;
            }
            runToken.set(config.runToken());
            code = new Runner(config, services.agentService(), services.specService(), sandbox, providers,
                    new PromptRenderer(), Git.onPath(), Clock.systemUTC(), System.out).run();
        }
        System.exit(code);
    }

    /** The one line agent-service writes to a waiting runner's standard input, or empty at end of input. */
    private static Optional<String> assignment() {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
