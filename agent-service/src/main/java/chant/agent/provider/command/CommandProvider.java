package chant.agent.provider.command;

import chant.agent.provider.AgentProvider;
import chant.agent.provider.AgentTask;
import chant.agent.provider.ProviderUnavailableException;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import chant.agent.secret.Redactor;
import chant.agent.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code command}: any agent CLI, given as an argument template ({@link CommandSettings}). The prompt
 * is written to a file of its own ({@code prompt.md} in a private directory, read-only in the
 * sandbox, removed when the agent ends) so that a prompt of any size reaches the agent; the program
 * runs in the sandbox with the worktree read-write, its own directory and the configured paths
 * read-only, and the network only when configured. Its output goes to the live log, its exit code
 * decides the outcome and its last lines of standard output are the final text ({@link CommandRun}).
 */
public final class CommandProvider implements AgentProvider {

    public static final String NAME = "command";
    /** The sandbox's PATH: the system's programs. */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Sandbox sandbox;
    private final CommandSettings settings;

    public CommandProvider(Sandbox sandbox, CommandSettings settings) {
        this.sandbox = sandbox;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The template with its placeholders replaced, the program resolved to the path it runs from. */
    static List<String> arguments(List<String> template, Path program, Path promptFile, AgentTask task) {
        Map<String, String> values = Map.of("{prompt_file}", promptFile.toString(), "{prompt}", task.prompt(),
                "{model}", task.model(), "{worktree}", task.worktree().toString(), "{spec_id}", task.specId(),
                "{spec_file}", task.specFile().toString());
        List<String> arguments = new ArrayList<>();
        arguments.add(program.toString());
        for (String argument : template.subList(1, template.size())) {
            // One pass over the argument, so that a value holding "{model}" (a prompt can) is never replaced again.
            java.util.regex.Matcher matcher = CommandSettings.PLACEHOLDER.matcher(argument);
            StringBuilder replaced = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(replaced, java.util.regex.Matcher.quoteReplacement(values.get(matcher.group())));
            }
            matcher.appendTail(replaced);
            arguments.add(replaced.toString());
        }
        return List.copyOf(arguments);
    }

    /** The program as a real path: an absolute path as given, a bare name found on the sandbox's PATH. */
    static Path program(String given) {
        Path candidate;
        if (given.contains("/")) {
            candidate = Path.of(given);
            if (!candidate.isAbsolute()) {
                throw new ProviderUnavailableException(CommandSettings.COMMAND + " starts with " + given + ": give the program"
                        + " as an absolute path or a name on the sandbox's PATH (" + PATH + ")");
            }
        } else {
            candidate = null;
            for (String directory : PATH.split(":")) {
                Path inDirectory = Path.of(directory, given);
                if (Files.isRegularFile(inDirectory) && Files.isExecutable(inDirectory)) {
                    candidate = inDirectory;
                    break;
                }
            }
            if (candidate == null) {
                throw new ProviderUnavailableException(CommandSettings.COMMAND + " starts with " + given + ", which is not on"
                        + " the sandbox's PATH (" + PATH + "): give its absolute path");
            }
        }
        if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
            throw new ProviderUnavailableException(CommandSettings.COMMAND + " starts with " + given
                    + ", which is not an executable file");
        }
        try {
            return candidate.toRealPath();
        } catch (IOException e) {
            throw new ProviderUnavailableException(CommandSettings.COMMAND + " starts with " + given + ", which cannot be"
                    + " resolved: " + e.getMessage());
        }
    }

    /** The agent's environment (without HOME, which the sandbox provides). */
    static Map<String, String> environment(AgentTask task, Path promptFile, Map<String, Secret> passed) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        environment.putAll(task.environment());
        environment.put("CHANT_PROMPT_FILE", promptFile.toString());
        environment.put("CHANT_SPEC_ID", task.specId());
        environment.put("CHANT_SPEC_FILE", task.specFile().toString());
        environment.put("CHANT_MODEL", task.model());
        passed.forEach((name, value) -> environment.put(name, value.reveal()));
        return environment;
    }

    SandboxSpec sandboxSpec(AgentTask task, Path program, Path promptDirectory, Map<String, Secret> passed) {
        SandboxSpec.Builder spec = SandboxSpec.forWorktree(task.worktree())
                .readOnly(promptDirectory)
                .env(environment(task, promptDirectory.resolve(CommandRun.PROMPT_FILE), passed))
                .network(settings.network())
                .dieWithParent(true);
        if (!program.startsWith("/usr")) {
            spec.readOnly(program.getParent());
        }
        settings.readOnlyPaths().forEach(spec::readOnly);
        task.gitCommonDir().ifPresent(spec::gitCommonDir);
        return spec.build();
    }

    /**
     * Starts the agent command.
     *
     * @throws ProviderUnavailableException when the template is missing or wrong (says what to fix)
     * @throws chant.support.sandbox.SandboxUnavailableException when bubblewrap is missing (says how to install it)
     */
    @Override
    public CommandRun start(AgentTask task, Consumer<String> log) throws IOException {
        List<String> template = settings.template();
        Path program = program(template.get(0));
        Map<String, Secret> passed = settings.passedSecrets();
        sandbox.check();
        Path promptDirectory = Files.createTempDirectory("chant-agent-prompt-");
        Path promptFile = promptDirectory.resolve(CommandRun.PROMPT_FILE);
        Files.writeString(promptFile, task.prompt(), StandardCharsets.UTF_8);
        Redactor redactor = new Redactor(passed.values());
        List<String> arguments = arguments(template, program, promptFile, task);
        log.accept(redactor.redact("session: " + program + " with " + (arguments.size() - 1) + " arguments, network "
                + (settings.network() ? "on" : "off") + ", prompt in " + promptFile));
        try {
            ProcessBuilder builder = sandbox.processBuilder(sandboxSpec(task, program, promptDirectory, passed), arguments);
            return CommandRun.start(builder, promptDirectory, redactor, log);
        } catch (IOException | RuntimeException e) {
            CommandRun.delete(promptDirectory);
            throw e;
        }
    }
}
