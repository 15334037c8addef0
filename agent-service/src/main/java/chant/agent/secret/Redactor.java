package chant.agent.secret;

import java.util.Collection;
import java.util.List;

/**
 * Removes known secrets from text that leaves the agent: an agent can print its own environment, so
 * every log line passes through here before it is stored or shown.
 */
public final class Redactor {

    public static final String MARK = "[redacted]";
    /** Shorter values would redact ordinary words; such a key is not a usable secret anyway. */
    static final int MIN_LENGTH = 8;

    private final List<String> secrets;

    public Redactor(Collection<Secret> secrets) {
        this.secrets = secrets.stream().map(Secret::reveal).filter(value -> value.length() >= MIN_LENGTH)
                // Longest first, so that a secret containing another is replaced whole.
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public String redact(String text) {
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MARK);
            }
        }
        return result;
    }
}
