package chant.agent.provider.claude;

import chant.agent.provider.AgentTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Claude Code CLI's command line and environment for a task (argument lists, never a shell string). */
public final class ClaudeCommand {

    /** The agent's PATH inside the sandbox: the system's programs (the CLI is started by its absolute path). */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";

    private ClaudeCommand() {
    }

    /**
     * {@code claude -p <prompt> --output-format stream-json --verbose [--model <model>] --dangerously-skip-permissions}:
     * print mode, one JSON event a line (stream-json requires {@code --verbose}), and no permission prompts,
     * since nobody is there to answer them (without a model, the CLI's default model); the sandbox is what confines the agent. The CLI refuses that
     * flag as root, so it must run as an unprivileged user (the sandbox's uid).
     */
    public static List<String> arguments(String executable, AgentTask task) {
        List<String> arguments = new java.util.ArrayList<>(List.of(executable, "-p", task.prompt(),
                "--output-format", "stream-json", "--verbose"));
        if (!task.model().isBlank()) {
            arguments.addAll(List.of("--model", task.model()));
        }
        arguments.add("--dangerously-skip-permissions");
        return List.copyOf(arguments);
    }

    /** The CLI's environment (without HOME, which the sandbox provides). */
    public static Map<String, String> environment(ClaudeSettings settings, AgentTask task) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("LANG", "C.UTF-8");
        environment.putAll(task.environment());
        settings.baseUrl().ifPresent(url -> environment.put("ANTHROPIC_BASE_URL", url));
        settings.apiKey().ifPresent(key -> environment.put("ANTHROPIC_API_KEY", key.reveal()));
        // No update checks, telemetry or error reporting: only the API calls the work needs.
        environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        return environment;
    }
}
