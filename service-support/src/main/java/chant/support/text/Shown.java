package chant.support.text;

/**
 * How a service quotes a client's input back in a message: whole when short, else its start and
 * its length, so that a huge value never bloats a status (which must fit into the response's
 * trailers) or a log line.
 */
public final class Shown {

    static final int MAX = 64;

    private Shown() {
    }

    /** {@code value} in quotes, cut to its first characters when it is long. */
    public static String prefix(String value) {
        if (value == null) {
            return "''";
        }
        if (value.length() <= MAX) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, MAX) + "…' (" + value.length() + " characters)";
    }
}
