package chant.agent.provider.openai;

import chant.agent.provider.AgentProvider;
import chant.agent.provider.AgentTask;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import chant.agent.secret.Redactor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code openai}: any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, ...) driven
 * by the platform's own tool loop ({@link OpenAiRun}), which runs in the runner. The model gets five
 * tools on the run's worktree ({@link WorktreeTools}); its commands run in the sandbox without
 * network ({@link SandboxedCommand}). The runner talks to the model, never the sandbox, so the API
 * key stays in the runner: no process of the agent ever sees it.
 */
public final class OpenAiProvider implements AgentProvider {

    public static final String NAME = "openai";
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Sandbox sandbox;
    private final OpenAiSettings settings;
    private final HttpClient http;

    public OpenAiProvider(Sandbox sandbox, OpenAiSettings settings) {
        this.sandbox = sandbox;
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Where the agent's commands run: the worktree read-write, no network, the task's environment and no key. */
    SandboxSpec commandSandbox(AgentTask task) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        environment.putAll(task.environment());
        SandboxSpec.Builder spec = SandboxSpec.forWorktree(task.worktree()).env(environment).network(false)
                .dieWithParent(true);
        task.gitCommonDir().ifPresent(spec::gitCommonDir);
        return spec.build();
    }

    /**
     * Starts the loop on a thread of its own.
     *
     * @throws chant.agent.provider.ProviderUnavailableException when the endpoint, key or model is missing (says what to set)
     * @throws chant.support.sandbox.SandboxUnavailableException when bubblewrap is missing (says how to install it)
     */
    @Override
    public OpenAiRun start(AgentTask task, Consumer<String> log) throws IOException {
        String model = settings.check(task.model());
        sandbox.check();
        Redactor redactor = new Redactor(settings.apiKey().stream().toList());
        ChatClient client = new ChatClient(http, settings.chatCompletions(), settings.apiKey().orElseThrow(), settings.stream(),
                settings.retryBase(), redactor, log);
        SandboxedCommand commands = new SandboxedCommand(sandbox, commandSandbox(task));
        WorktreePaths paths = new WorktreePaths(task.worktree());
        WorktreeTools tools = new WorktreeTools(paths, commands, settings.commandTimeout());
        log.accept("session: model " + model + " at " + settings.chatCompletions().getHost() + " (openai-compatible, "
                + (settings.stream() ? "streaming" : "not streaming") + "), " + List.of(WorktreeTools.READ, WorktreeTools.WRITE,
                        WorktreeTools.LIST, WorktreeTools.COMMAND, WorktreeTools.FINISH).size() + " tools, at most "
                + settings.maxTurns() + " turns, in " + paths.root());
        OpenAiRun run = new OpenAiRun(client, tools, commands, model, settings.maxTurns(),
                WorktreeTools.definitions(settings.commandTimeout()), systemPrompt(task, paths), task.prompt(), redactor, log);
        run.start();
        return run;
    }

    /** What the model is told about its situation, beside the run's prompt. */
    static String systemPrompt(AgentTask task, WorktreePaths paths) {
        return "You are a coding agent working in a git checkout (the worktree, " + paths.root() + "). You act only through"
                + " the tools: read_file, write_file and list_files take paths relative to the worktree's root; run_command"
                + " runs a bash command line in the worktree, in a sandbox without network access where nothing outside the"
                + " worktree can be changed. Carry out the task in the user's message, commit your work with git as it"
                + " asks, and then call finish with a summary. Do not ask questions: nobody will answer them."
                + (task.specId().isEmpty() ? "" : " The spec you work on is " + task.specFile() + ".");
    }
}
