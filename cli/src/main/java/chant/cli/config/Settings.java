package chant.cli.config;

import chant.cli.CliException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where settings come from besides the command line: environment variables and the config file
 * ({@code $CHANT_CONFIG}, else {@code ~/.config/chant/cli.properties}, keys such as
 * {@code spec.server}, {@code project}, {@code token}, {@code timeout}). Tests build one with {@link #of}.
 */
public final class Settings {
    public static final String CONFIG_ENV = "CHANT_CONFIG";

    private final Function<String, String> env;
    private final Supplier<Properties> fileLoader;
    private final Optional<Path> configPath;
    private Properties file;

    Settings(Function<String, String> env, Supplier<Properties> fileLoader, Optional<Path> configPath) {
        this.env = env;
        this.fileLoader = fileLoader;
        this.configPath = configPath;
    }

    /** The real environment; the config file is read on first use only. */
    public static Settings system() {
        Function<String, String> env = System::getenv;
        Path home = Path.of(System.getProperty("user.home"));
        Path path = configPath(env, home);
        return new Settings(env, () -> load(path), Optional.of(path));
    }

    /**
     * Fixed values, for tests: the environment and the config file's properties. When the
     * environment sets {@code CHANT_CONFIG}, that file is the config file (read, with
     * {@code file}'s properties over its own, and written by {@code token create --save});
     * else there is no file to write.
     */
    public static Settings of(Map<String, String> env, Properties file) {
        Map<String, String> fixed = Map.copyOf(env);
        Optional<Path> path = nonBlank(fixed.get(CONFIG_ENV)).map(Path::of);
        return new Settings(fixed::get, () -> {
            Properties properties = path.map(Settings::load).orElseGet(Properties::new);
            properties.putAll(file);
            return properties;
        }, path);
    }

    /** {@code $CHANT_CONFIG} when set, else {@code <home>/.config/chant/cli.properties}. */
    static Path configPath(Function<String, String> env, Path home) {
        String explicit = env.apply(CONFIG_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return home.resolve(".config").resolve("chant").resolve("cli.properties");
    }

    /** The properties in the file, none when it does not exist. */
    static Properties load(Path path) {
        Properties properties = new Properties();
        if (!Files.exists(path)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.failed("cannot read config file " + path + ": " + e.getMessage(), e);
        }
    }

    /** A non-blank environment variable. */
    public Optional<String> env(String name) {
        return nonBlank(env.apply(name));
    }

    /** A non-blank value of the config file. */
    public Optional<String> file(String key) {
        if (file == null) {
            file = fileLoader.get();
        }
        return nonBlank(file.getProperty(key));
    }

    /** The config file's path: where {@code token create --save} writes (empty only in some tests). */
    public Optional<Path> configPath() {
        return configPath;
    }

    /** The first non-blank of: the flag, the environment variable, the config file key. */
    public Optional<String> lookup(String flag, String envName, String fileKey) {
        Optional<String> fromFlag = nonBlank(flag);
        if (fromFlag.isPresent()) {
            return fromFlag;
        }
        Optional<String> fromEnv = env(envName);
        return fromEnv.isPresent() ? fromEnv : file(fileKey);
    }

    /** The trimmed value, empty when it is null or blank. */
    public static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
