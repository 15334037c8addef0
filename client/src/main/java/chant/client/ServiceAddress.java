package chant.client;

/**
 * Where a service listens: {@code HOST:PORT}, {@code HOST} (the service's default port) or
 * {@code [IPv6]:PORT}.
 */
public record ServiceAddress(String host, int port) {

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static ServiceAddress parse(String text, int defaultPort) {
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
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw invalid(text);
        }
        return new ServiceAddress(host, port.isEmpty() ? defaultPort : parsePort(port, text));
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

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid address '" + text + "': expected HOST:PORT");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
