package chant.agent.secret;

import java.util.Collection;
import java.util.List;

/**
 * Removes known secrets from text that leaves the agent: an agent can print its own environment, so
 * every log line passes through here before it is stored or shown.
 *
 * <p>Some secrets are also removed where only their beginning appears ({@link #alsoCutShort}): a log
 * line is shortened before it is stored, and a long token at its end would be cut and so escape a
 * search for the whole of it.
 */
public final class Redactor {

    public static final String MARK = "[redacted]";
    /** Shorter values would redact ordinary words; such a key is not a usable secret anyway. */
    static final int MIN_LENGTH = 8;
    /** The shortest beginning of a secret that counts as a cut-short copy of it. */
    static final int MIN_CUT = 24;

    private final List<String> secrets;
    private final List<String> cutShort;

    public Redactor(Collection<Secret> secrets) {
        this(longestFirst(secrets), List.of());
    }

    private Redactor(List<String> secrets, List<String> cutShort) {
        this.secrets = secrets;
        this.cutShort = cutShort;
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /**
     * This redactor that also removes {@code secret} where a line holds only its beginning (at least
     * {@value #MIN_CUT} characters of it, up to the end of the line or the first character that differs).
     */
    public Redactor alsoCutShort(Secret secret) {
        String value = secret.reveal();
        if (value.length() < MIN_CUT) {
            return new Redactor(longestFirst(concat(secrets, value)), cutShort);
        }
        return new Redactor(longestFirst(concat(secrets, value)), concat(cutShort, value));
    }

    public String redact(String text) {
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MARK);
            }
        }
        for (String secret : cutShort) {
            result = redactBeginnings(result, secret);
        }
        return result;
    }

    /** Replaces each run of {@code secret}'s first characters (at least {@link #MIN_CUT}) in {@code text}. */
    private static String redactBeginnings(String text, String secret) {
        String start = secret.substring(0, MIN_CUT);
        int at = text.indexOf(start);
        if (at < 0) {
            return text;
        }
        StringBuilder result = new StringBuilder();
        int from = 0;
        while (at >= 0) {
            int end = at + MIN_CUT;
            while (end < text.length() && end - at < secret.length() && text.charAt(end) == secret.charAt(end - at)) {
                end++;
            }
            result.append(text, from, at).append(MARK);
            from = end;
            at = text.indexOf(start, from);
        }
        return result.append(text, from, text.length()).toString();
    }

    private static List<String> concat(List<String> values, String value) {
        List<String> all = new java.util.ArrayList<>(values);
        all.add(value);
        return List.copyOf(all);
    }

    private static List<String> longestFirst(Collection<?> values) {
        return values.stream().map(v -> v instanceof Secret s ? s.reveal() : (String) v)
                .filter(value -> value.length() >= MIN_LENGTH)
                // Longest first, so that a secret containing another is replaced whole.
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }
}
