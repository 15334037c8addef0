package chant.agent.provider.command;

import chant.agent.provider.ProviderUnavailableException;
import chant.agent.secret.Secret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to run an agent CLI of one's own, from the runner's environment:
 *
 * <ul>
 *   <li>{@code CHANT_AGENT_COMMAND}: the argument template, a JSON array of strings (an argument list,
 *       never a shell string) whose first element is the program, an absolute path or a name on the
 *       sandbox's PATH; placeholders {@link #PLACEHOLDERS} are replaced in any argument after it;</li>
 *   <li>{@code CHANT_AGENT_COMMAND_NETWORK}: {@code true} shares the network with the agent (off by default);</li>
 *   <li>{@code CHANT_AGENT_COMMAND_PATHS}: more directories the agent may read (its toolchain), separated by {@code :};</li>
 *   <li>{@code CHANT_AGENT_COMMAND_ENV}: names of the runner's variables handed to the agent (its API key, say),
 *       separated by commas; their values are secrets, redacted from the log.</li>
 * </ul>
 *
 * The template is checked when a run starts ({@link #template()}), with a message that says what is wrong.
 */
public record CommandSettings(Optional<String> rawTemplate, boolean network, List<Path> readOnlyPaths,
        Map<String, Optional<String>> passed) {

    public static final String COMMAND = "CHANT_AGENT_COMMAND";
    public static final String NETWORK = "CHANT_AGENT_COMMAND_NETWORK";
    public static final String PATHS = "CHANT_AGENT_COMMAND_PATHS";
    public static final String ENV = "CHANT_AGENT_COMMAND_ENV";

    /** The placeholders an argument may hold. */
    public static final List<String> PLACEHOLDERS = List.of("{prompt_file}", "{prompt}", "{model}", "{worktree}", "{spec_id}",
            "{spec_file}");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+}");
    static final String EXAMPLE = "[\"/usr/local/bin/my-agent\", \"--prompt-file\", \"{prompt_file}\", \"--model\", \"{model}\"]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public static CommandSettings fromEnvironment(Map<String, String> env) {
        Optional<String> template = Optional.ofNullable(env.get(COMMAND)).filter(v -> !v.isBlank());
        String network = env.getOrDefault(NETWORK, "false").strip();
        if (!network.equals("true") && !network.equals("false") && !network.isEmpty()) {
            throw new ProviderUnavailableException(NETWORK + " must be true or false, not " + network);
        }
        List<Path> paths = new ArrayList<>();
        for (String path : env.getOrDefault(PATHS, "").split(":")) {
            if (!path.isBlank()) {
                Path p = Path.of(path.strip());
                if (!p.isAbsolute()) {
                    throw new ProviderUnavailableException(PATHS + " holds " + path.strip() + ", which is not an absolute path");
                }
                paths.add(p.normalize());
            }
        }
        Map<String, Optional<String>> passed = new LinkedHashMap<>();
        for (String name : env.getOrDefault(ENV, "").split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(n).matches() || n.equals("HOME") || n.equals("PATH")) {
                throw new ProviderUnavailableException(ENV + " holds " + n + ", which cannot be handed to the agent: name"
                        + " environment variables (letters, digits, _) other than HOME and PATH");
            }
            passed.put(n, Optional.ofNullable(env.get(n)).filter(v -> !v.isEmpty()));
        }
        return new CommandSettings(template, network.equals("true"), List.copyOf(paths), passed);
    }

    /**
     * The template as an argument list, checked: a JSON array of strings, a program first, only known
     * placeholders. Throws {@link ProviderUnavailableException} saying what to fix.
     */
    public List<String> template() {
        String raw = rawTemplate.orElseThrow(() -> new ProviderUnavailableException("no agent command for the command"
                + " provider: set " + COMMAND + " to the agent's argument list as a JSON array, e.g. " + EXAMPLE));
        JsonNode array;
        try {
            array = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            array = null;
        }
        if (array == null || !array.isArray()) {
            throw new ProviderUnavailableException(COMMAND + " is not a JSON array: give the argument list (never a shell"
                    + " string) as a JSON array of strings, e.g. " + EXAMPLE);
        }
        if (array.isEmpty()) {
            throw new ProviderUnavailableException(COMMAND + " is an empty array: its first element is the program to run");
        }
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isTextual()) {
                throw new ProviderUnavailableException(COMMAND + " element " + (i + 1) + " is " + element
                        + ", not a string: every argument is a JSON string");
            }
            String argument = element.asText();
            if (argument.indexOf('\0') >= 0) {
                throw new ProviderUnavailableException(COMMAND + " element " + (i + 1) + " holds a NUL character");
            }
            Matcher placeholder = PLACEHOLDER.matcher(argument);
            while (placeholder.find()) {
                if (i == 0) {
                    throw new ProviderUnavailableException(COMMAND + " starts with " + argument + ": the first element is"
                            + " the program itself, without placeholders");
                }
                if (!PLACEHOLDERS.contains(placeholder.group())) {
                    throw new ProviderUnavailableException(COMMAND + " element " + (i + 1) + " has the unknown placeholder "
                            + placeholder.group() + ": use " + String.join(", ", PLACEHOLDERS));
                }
            }
            arguments.add(argument);
        }
        if (arguments.get(0).isBlank()) {
            throw new ProviderUnavailableException(COMMAND + " starts with an empty program name");
        }
        return List.copyOf(arguments);
    }

    /** The variables handed on, as secrets; a named variable the runner does not have is an error. */
    public Map<String, Secret> passedSecrets() {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        passed.forEach((name, value) -> secrets.put(name, value.map(Secret::of).orElseThrow(() -> new ProviderUnavailableException(
                ENV + " names " + name + ", which is not set in the runner's environment: set it where agent-service runs"))));
        return secrets;
    }
}
