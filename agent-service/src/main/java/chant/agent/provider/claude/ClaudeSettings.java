package chant.agent.provider.claude;

import chant.agent.provider.ProviderUnavailableException;
import chant.agent.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run the Claude Code CLI: where it is, which API it talks to ({@code ANTHROPIC_BASE_URL};
 * empty for Anthropic's), and the API key, which goes only to the CLI's process.
 */
public record ClaudeSettings(Path cli, Optional<String> baseUrl, Optional<Secret> apiKey) {

    /** What {@code scripts/lib/agents.sh} installs, relative to the project's root. */
    public static final String DEFAULT_CLI = ".chant-tools/claude-code/node_modules/.bin/claude";

    /**
     * Settings from configuration values: the key itself, else the contents of a key file (trimmed).
     * A key file that cannot be read fails here, naming the file but not its contents.
     */
    public static ClaudeSettings of(String cli, Optional<String> baseUrl, Optional<String> apiKey, Optional<String> apiKeyFile) {
        Optional<Secret> key = apiKey.filter(k -> !k.isBlank()).map(String::strip).map(Secret::of);
        if (key.isEmpty() && apiKeyFile.filter(f -> !f.isBlank()).isPresent()) {
            Path file = Path.of(apiKeyFile.get());
            try {
                String contents = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (contents.isEmpty()) {
                    throw new ProviderUnavailableException("the Anthropic API key file " + file + " is empty");
                }
                key = Optional.of(Secret.of(contents));
            } catch (IOException e) {
                throw new ProviderUnavailableException("cannot read the Anthropic API key file " + file + " ("
                        + e.getClass().getSimpleName() + "); set CHANT_ANTHROPIC_API_KEY_FILE to a readable file");
            }
        }
        return new ClaudeSettings(Path.of(cli).toAbsolutePath().normalize(), baseUrl.filter(u -> !u.isBlank()), key);
    }

    /** Throws {@link ProviderUnavailableException} saying what to set unless the CLI can run. */
    public void check() {
        if (!Files.isExecutable(cli)) {
            throw new ProviderUnavailableException("the Claude Code CLI is not installed at " + cli + ": set CHANT_CLAUDE_CLI "
                    + "(chant.agent.claude.cli) to the claude executable, or install the pinned version with "
                    + "`source scripts/lib/common.sh; source scripts/lib/agents.sh; ensure_claude_cli`");
        }
        if (apiKey.isEmpty()) {
            throw new ProviderUnavailableException("no Anthropic API key for the Claude Code CLI: set CHANT_ANTHROPIC_API_KEY "
                    + "(chant.agent.claude.api-key) or CHANT_ANTHROPIC_API_KEY_FILE (a file holding the key)");
        }
    }
}
