package chant.cli.config;

import java.util.Objects;

/**
 * The bearer token a command sends, and where it came from ({@code --token-file PATH},
 * {@code $CHANT_TOKEN}, {@code token in the config file PATH}) so that a refused token can be
 * traced to its source. Its {@link #toString} never shows the token: a config or an error printed
 * with {@code --verbose} must not leak it.
 */
public final class Token {
    private final String value;
    private final String source;

    public Token(String value, String source) {
        this.value = Objects.requireNonNull(value, "value").strip();
        this.source = Objects.requireNonNull(source, "source");
        if (this.value.isEmpty()) {
            throw new IllegalArgumentException("an empty token");
        }
    }

    /** The token itself, for the authorization header only. */
    public String value() {
        return value;
    }

    /** Where the token came from, for messages. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Token[from " + source + "]";
    }
}
