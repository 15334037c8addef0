package chant.agent.runner;

import chant.support.git.Git;
import chant.agent.prompt.PromptRenderer;
import chant.agent.remote.ServiceConnections;
import chant.agent.sandbox.Bubblewrap;
import chant.agent.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;

/**
 * The runner's entry point: {@code java -cp <agent-service classes and libraries>
 * chant.agent.runner.RunnerMain}, configured by its environment ({@link RunnerConfig}). agent-service's
 * local backend starts it as a process of its own session, so it outlives a restart of the service;
 * a Kubernetes Job starts the same class in a pod.
 */
public final class RunnerMain {

    private RunnerMain() {
    }

    public static void main(String[] args) {
        RunnerConfig config;
        try {
            config = RunnerConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("chant runner: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try (ServiceConnections services = new ServiceConnections(config.agentServer(), config.specServer(),
                Duration.ofSeconds(10))) {
            Sandbox sandbox = config.unsandboxed() ? Sandbox.unsandboxed() : Sandbox.bubblewrap(Bubblewrap.onPath());
            code = new Runner(config, services.agentService(), services.specService(), sandbox,
                    new Providers(sandbox, config.environment()), new PromptRenderer(), Git.onPath(), Clock.systemUTC(),
                    System.out).run();
        }
        System.exit(code);
    }
}
