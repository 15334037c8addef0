package chant.agent.provider.demo;

import chant.agent.provider.AgentProvider;
import chant.agent.provider.AgentTask;
import chant.agent.provider.ProviderUnavailableException;
import chant.agent.provider.demo.agent.DemoAgentMain;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import chant.agent.secret.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The demo agent ({@code demo}): a deterministic agent for the demo and the tests, which carries out
 * the instructions in the spec's {@code chant-demo} block instead of asking a model. It is a real
 * process in the same sandbox as any agent: this JVM's {@code java} runs
 * {@link DemoAgentMain} with the worktree read-write, the JDK and the agent's own classes read-only,
 * no network and an environment of {@code PATH}, {@code LANG}, the task's variables and {@code HOME}.
 * Like every agent it dies with the process that started it (its runner): an agent whose runner was
 * killed has nobody to report its work to.
 */
public final class DemoProvider implements AgentProvider {

    public static final String NAME = "demo";

    /** Options for the agent's JVM: a small, quick-starting one (it runs for well under a second of CPU). */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-Xss512k",
            "-XX:-UsePerfData", "-Xshare:auto");
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Sandbox sandbox;
    private final Redactor redactor;
    private final DemoAgentClasses classes = new DemoAgentClasses();

    public DemoProvider(Sandbox sandbox) {
        this(sandbox, Redactor.none());
    }

    /** With a redactor for secrets the service knows (the demo agent gets none, but its log passes through it). */
    public DemoProvider(Sandbox sandbox, Redactor redactor) {
        this.sandbox = sandbox;
        this.redactor = redactor;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Copies the agent's class files now rather than at its first start (a runner waiting for a run does). */
    public void prepare() {
        classes.directory();
    }

    /** The JDK this service runs on (its real path), mounted read-only for the agent. */
    static Path javaHome() {
        try {
            return Path.of(System.getProperty("java.home")).toRealPath();
        } catch (IOException e) {
            throw new ProviderUnavailableException("the demo agent needs this service's JDK, and java.home ("
                    + System.getProperty("java.home") + ") cannot be resolved: " + e.getMessage());
        }
    }

    /** The {@code java} executable of the running JVM (its real path). */
    static Path javaExecutable(Path javaHome) {
        Path java = ProcessHandle.current().info().command().map(Path::of).filter(Files::isExecutable)
                .orElse(javaHome.resolve("bin/java"));
        try {
            return java.toRealPath();
        } catch (IOException e) {
            throw new ProviderUnavailableException("the demo agent runs on this service's java, and " + java
                    + " cannot be resolved: " + e.getMessage());
        }
    }

    /** The command the sandbox runs: {@code java <options> -cp <classes> DemoAgentMain <spec file>}. */
    static List<String> command(Path java, Path classes, AgentTask task) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classes.toString(), DemoAgentMain.class.getName(), task.specFile().toString()));
        return List.copyOf(command);
    }

    /** The agent's environment (without HOME, which the sandbox provides). */
    static Map<String, String> environment(AgentTask task) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        environment.putAll(task.environment());
        return environment;
    }

    /** The sandbox the agent runs in for {@code task}. */
    SandboxSpec sandboxSpec(AgentTask task, Path javaHome, Optional<Path> javaOutsideHome, Path classes) {
        SandboxSpec.Builder spec = SandboxSpec.forWorktree(task.worktree())
                .readOnly(javaHome)
                .readOnly(classes)
                .env(environment(task))
                .network(false)
                .dieWithParent(true);
        javaOutsideHome.ifPresent(spec::readOnly);
        task.gitCommonDir().ifPresent(spec::gitCommonDir);
        return spec.build();
    }

    /**
     * Starts the demo agent on the task (its prompt and model are not used: the spec's
     * {@code chant-demo} block is its script). Log lines go to {@code log} as the agent writes them.
     *
     * @throws chant.support.sandbox.SandboxUnavailableException when bubblewrap is missing (says how to install it)
     */
    @Override
    public DemoRun start(AgentTask task, Consumer<String> log) throws IOException {
        return DemoRun.start(processBuilder(task), redactor, log);
    }

    /** The sandboxed process of the demo agent for {@code task}, ready to start. */
    ProcessBuilder processBuilder(AgentTask task) throws IOException {
        sandbox.check();
        Path javaHome = javaHome();
        Path java = javaExecutable(javaHome);
        Optional<Path> javaOutsideHome = java.startsWith(javaHome) ? Optional.empty() : Optional.of(java.getParent());
        Path classDirectory = classes.directory();
        return sandbox.processBuilder(sandboxSpec(task, javaHome, javaOutsideHome, classDirectory),
                command(java, classDirectory, task));
    }
}
