package chant.cli.config;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.client.ServiceAddress;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved connection settings of one command: each comes from the flag, else the
 * environment, else the config file, else a default.
 *
 * @param addresses where each service listens
 * @param token     the bearer token every call sends; empty when none is set, in which case a
 *                  command fails before its first call ({@link #requireToken})
 * @param project   the project named by flag, environment or file; empty when none was, in
 *                  which case commands fall back to the server's only project
 * @param timeout   the deadline of each unary call
 */
public record ClientConfig(Map<Service, ServiceAddress> addresses, Optional<Token> token, Optional<String> project,
                           Duration timeout) {
    /** The spec-service address under its first name (--server, server=), still accepted. */
    public static final String SERVER_ENV = "CHANT_SERVER";
    public static final String SERVER_KEY = "server";
    public static final String PROJECT_ENV = "CHANT_PROJECT";
    public static final String TOKEN_ENV = "CHANT_TOKEN";
    public static final String TOKEN_KEY = "token";
    /** What a command without a token says (before it calls anything). */
    public static final String NO_TOKEN = "no token to send: set CHANT_TOKEN or token in the config file "
            + "(chant token create makes one)";
    public static final String TIMEOUT_ENV = "CHANT_TIMEOUT";
    public static final String TIMEOUT_KEY = "timeout";
    /** Deadline of each unary call unless --timeout says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ClientConfig {
        addresses = Map.copyOf(addresses);
    }

    /** Every service at its default address with {@code token}, for tests and tools that need no settings. */
    public static ClientConfig defaults(String token, Optional<String> project) {
        Map<Service, ServiceAddress> addresses = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            addresses.put(service, new ServiceAddress("localhost", service.defaultPort()));
        }
        return new ClientConfig(addresses, Optional.of(new Token(token, "the caller")), project, DEFAULT_TIMEOUT);
    }

    public static ClientConfig resolve(GlobalOptions flags, Settings settings) {
        Map<Service, ServiceAddress> addresses = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            addresses.put(service, address(service, flags, settings));
        }
        Optional<Token> token = token(flags, settings);
        Optional<String> project = settings.lookup(flags.project(), PROJECT_ENV, "project");
        Duration timeout = settings.lookup(flags.timeout(), TIMEOUT_ENV, TIMEOUT_KEY)
                .map(ClientConfig::parseTimeout).orElse(DEFAULT_TIMEOUT);
        return new ClientConfig(addresses, token, project, timeout);
    }

    /** The token to send, or the one line a command without one fails with. */
    public Token requireToken() {
        return token.orElseThrow(() -> new CliException(ExitCodes.UNAUTHENTICATED, NO_TOKEN));
    }

    /**
     * The token: the file {@code --token-file} names (its content, blanks around it removed), else
     * {@code $CHANT_TOKEN}, else {@code token=} in the config file. A token file that cannot be
     * read or is empty is an error (exit 1) rather than a silent fall-back to another token.
     */
    static Optional<Token> token(GlobalOptions flags, Settings settings) {
        Optional<String> file = Settings.nonBlank(flags.tokenFile());
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            String content;
            try {
                content = Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliException.failed("cannot read the token file " + path + " (--token-file): "
                        + e.getClass().getSimpleName().replace("Exception", "") + " " + e.getMessage(), e);
            }
            if (content.isEmpty()) {
                throw CliException.failed("the token file " + path + " (--token-file) is empty", null);
            }
            return Optional.of(new Token(content, "--token-file " + path));
        }
        Optional<String> env = settings.env(TOKEN_ENV);
        if (env.isPresent()) {
            return Optional.of(new Token(env.get(), "$" + TOKEN_ENV));
        }
        return settings.file(TOKEN_KEY).map(value -> new Token(value, TOKEN_KEY + " in the config file"
                + settings.configPath().map(path -> " " + path).orElse("")));
    }

    /** Where {@code service} listens. */
    public ServiceAddress address(Service service) {
        return addresses.get(service);
    }

    /**
     * A service's address: its flag, else its environment variable, else its config file key,
     * else its default. For spec-service, {@code --server}, {@code CHANT_SERVER} and {@code server=}
     * count as its flag, variable and key (the specific name wins when both are given).
     */
    private static ServiceAddress address(Service service, GlobalOptions flags, Settings settings) {
        boolean spec = service == Service.SPEC;
        Optional<String> flag = Settings.nonBlank(flags.serverFlag(service));
        String source = service.flag();
        if (flag.isEmpty() && spec) {
            flag = Settings.nonBlank(flags.server());
            source = "--server";
        }
        Optional<String> value = flag;
        if (value.isEmpty()) {
            value = settings.env(service.envVariable());
            source = "$" + service.envVariable();
        }
        if (value.isEmpty() && spec) {
            value = settings.env(SERVER_ENV);
            source = "$" + SERVER_ENV;
        }
        if (value.isEmpty()) {
            value = settings.file(service.fileKey());
            source = service.fileKey() + " in the config file";
        }
        if (value.isEmpty() && spec) {
            value = settings.file(SERVER_KEY);
            source = SERVER_KEY + " in the config file";
        }
        if (value.isEmpty()) {
            return new ServiceAddress("localhost", service.defaultPort());
        }
        try {
            return ServiceAddress.parse(value.get(), service.defaultPort());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage() + " (" + service.serviceName() + " address from "
                    + source + ")", e);
        }
    }

    /** Seconds, whole or decimal, more than 0. */
    static Duration parseTimeout(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            if (seconds.signum() > 0 && seconds.compareTo(BigDecimal.valueOf(86_400)) <= 0) {
                Duration timeout = Duration.ofNanos(seconds.movePointRight(9).longValue());
                if (!timeout.isZero()) {
                    return timeout;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException(ExitCodes.USAGE, "invalid timeout '" + text + "': expected seconds, more than 0 "
                + "and at most 86400 (--timeout, $" + TIMEOUT_ENV + " or timeout= in the config file)");
    }
}
