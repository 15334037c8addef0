package chant.agent.secret;

import java.util.Objects;

/**
 * A secret value such as an API key. It prints as {@code [secret]}, so that a secret put into a
 * message, a log line or a record by mistake does not show; {@link #reveal()} is for the one place
 * that hands it to the process that needs it.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be blank");
        }
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[secret]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
