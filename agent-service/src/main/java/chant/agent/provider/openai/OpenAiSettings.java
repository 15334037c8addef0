package chant.agent.provider.openai;

import chant.agent.provider.ProviderUnavailableException;
import chant.agent.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, ...) and how
 * the platform's tool loop behaves, from the runner's environment:
 *
 * <ul>
 *   <li>{@code CHANT_OPENAI_BASE_URL}: the API's base, the part before {@code /chat/completions}
 *       ({@code https://api.openai.com/v1}, {@code http://localhost:11434/v1} for Ollama); required;</li>
 *   <li>{@code CHANT_OPENAI_API_KEY}, else the file {@code CHANT_OPENAI_API_KEY_FILE} names: sent as
 *       {@code Authorization: Bearer}; required (a server that needs none, such as Ollama, takes any value);</li>
 *   <li>{@code CHANT_OPENAI_MODEL}: the model when the run names none;</li>
 *   <li>{@code CHANT_OPENAI_STREAM}: {@code false} asks for whole answers instead of server-sent events
 *       (Ollama drops tool calls from streamed answers);</li>
 *   <li>{@code CHANT_OPENAI_MAX_TURNS}: model calls per run (default 50);</li>
 *   <li>{@code CHANT_OPENAI_COMMAND_TIMEOUT_SECONDS}: the time limit of one {@code run_command} (default 120).</li>
 * </ul>
 *
 * A missing URL, key or model is found when a run starts ({@link #check(String)}), not here, so a
 * runner of another provider never trips over them. The key is a {@link Secret}: it prints as
 * {@code [secret]} and goes only into the request header.
 */
public record OpenAiSettings(Optional<URI> baseUrl, Optional<Secret> apiKey, Optional<String> defaultModel, boolean stream,
        int maxTurns, Duration commandTimeout, Duration retryBase) {

    public static final String BASE_URL = "CHANT_OPENAI_BASE_URL";
    public static final String API_KEY = "CHANT_OPENAI_API_KEY";
    public static final String API_KEY_FILE = "CHANT_OPENAI_API_KEY_FILE";
    public static final String MODEL = "CHANT_OPENAI_MODEL";
    public static final String STREAM = "CHANT_OPENAI_STREAM";
    public static final String MAX_TURNS = "CHANT_OPENAI_MAX_TURNS";
    public static final String COMMAND_TIMEOUT = "CHANT_OPENAI_COMMAND_TIMEOUT_SECONDS";

    static final int DEFAULT_MAX_TURNS = 50;
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(120);
    /** The first wait before a retry of a 429 or 5xx without Retry-After; doubled each time, capped. */
    static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(1);

    /** Settings from the runner's environment; a malformed value fails here, naming the variable. */
    public static OpenAiSettings fromEnvironment(Map<String, String> env) {
        Optional<URI> baseUrl = value(env, BASE_URL).map(OpenAiSettings::baseUrl);
        Optional<Secret> key = value(env, API_KEY).map(String::strip).map(Secret::of);
        if (key.isEmpty() && value(env, API_KEY_FILE).isPresent()) {
            key = Optional.of(keyFromFile(Path.of(value(env, API_KEY_FILE).get())));
        }
        boolean stream = value(env, STREAM).map(v -> bool(STREAM, v)).orElse(true);
        int maxTurns = value(env, MAX_TURNS).map(v -> number(MAX_TURNS, v, 1, 1000)).orElse(DEFAULT_MAX_TURNS);
        Duration commandTimeout = value(env, COMMAND_TIMEOUT).map(v -> Duration.ofSeconds(number(COMMAND_TIMEOUT, v, 1, 3600)))
                .orElse(DEFAULT_COMMAND_TIMEOUT);
        return new OpenAiSettings(baseUrl, key, value(env, MODEL), stream, maxTurns, commandTimeout, DEFAULT_RETRY_BASE);
    }

    /** The endpoint the loop posts to: the base URL with {@code /chat/completions}. */
    public URI chatCompletions() {
        String base = baseUrl.orElseThrow().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }

    /**
     * The model for a run: the run's (or its spec's), else the configured default. Throws
     * {@link ProviderUnavailableException} saying what to set when the endpoint, the key or a model is missing.
     */
    public String check(String taskModel) {
        if (baseUrl.isEmpty()) {
            throw new ProviderUnavailableException("no endpoint for the openai provider: set " + BASE_URL
                    + " to an OpenAI-compatible API's base URL (https://api.openai.com/v1, http://localhost:11434/v1 for Ollama,"
                    + " http://host:8000/v1 for vLLM)");
        }
        if (apiKey.isEmpty()) {
            throw new ProviderUnavailableException("no API key for the openai provider: set " + API_KEY + " or " + API_KEY_FILE
                    + " (a file holding the key); a server that needs none, such as Ollama, takes any value");
        }
        String model = taskModel == null || taskModel.isBlank() ? defaultModel.orElse("") : taskModel.strip();
        if (model.isEmpty()) {
            throw new ProviderUnavailableException("no model for the openai provider: give the run a model (chant work --model,"
                    + " or the spec's model) or set " + MODEL);
        }
        return model;
    }

    /** These settings with another time limit for commands and another retry base (tests). */
    public OpenAiSettings with(Duration commandTimeout, Duration retryBase) {
        return new OpenAiSettings(baseUrl, apiKey, defaultModel, stream, maxTurns, commandTimeout, retryBase);
    }

    /** These settings with streaming on or off. */
    public OpenAiSettings streaming(boolean on) {
        return new OpenAiSettings(baseUrl, apiKey, defaultModel, on, maxTurns, commandTimeout, retryBase);
    }

    /** These settings with another limit of model calls. */
    public OpenAiSettings maxTurns(int turns) {
        return new OpenAiSettings(baseUrl, apiKey, defaultModel, stream, turns, commandTimeout, retryBase);
    }

    private static URI baseUrl(String value) {
        try {
            URI uri = new URI(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an http or https URL");
            }
            if (uri.getRawUserInfo() != null) {
                throw new ProviderUnavailableException(BASE_URL + " must not carry credentials: put the key in " + API_KEY);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ProviderUnavailableException(BASE_URL + " is not an http(s) URL: " + value.strip()
                    + " (for example https://api.openai.com/v1)");
        }
    }

    private static Secret keyFromFile(Path file) {
        try {
            String contents = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (contents.isEmpty()) {
                throw new ProviderUnavailableException("the OpenAI API key file " + file + " is empty");
            }
            return Secret.of(contents);
        } catch (IOException e) {
            throw new ProviderUnavailableException("cannot read the OpenAI API key file " + file + " ("
                    + e.getClass().getSimpleName() + "); set " + API_KEY_FILE + " to a readable file");
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ProviderUnavailableException(name + " must be true or false, not " + value.strip());
        };
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProviderUnavailableException(name + " must be a whole number from " + min + " to " + max + ", not "
                    + value.strip());
        }
    }
}
