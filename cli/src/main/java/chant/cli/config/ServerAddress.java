package chant.cli.config;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;

/** A {@code HOST:PORT} (or {@code [IPv6]:PORT}) address; the port defaults to 8181. */
public record ServerAddress(String host, int port) {
    public static final int DEFAULT_PORT = 8181;
    public static final String DEFAULT = "localhost:" + DEFAULT_PORT;

    public static ServerAddress parse(String text) {
        String value = text.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw invalid(text);
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw invalid(text);
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0 && value.indexOf(':') != colon) {
                throw invalid(text); // a bare IPv6 address needs brackets
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? "" : value.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(text);
        }
        return new ServerAddress(host, port.isEmpty() ? DEFAULT_PORT : parsePort(port, text));
    }

    private static int parsePort(String port, String text) {
        try {
            int value = Integer.parseInt(port);
            if (value < 1 || value > 65535) {
                throw invalid(text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static CliException invalid(String text) {
        return new CliException(ExitCodes.USAGE, "invalid server address '" + text + "': expected HOST:PORT");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
