package chant.cli.format;

/** A count with its noun: "1 spec", "2 specs", "0 specs". */
public final class Plural {

    private Plural() {
    }

    /** {@code count} and the noun, with an "s" unless the count is 1. */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /** {@code count} and {@code singular} when the count is 1, else {@code plural}. */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
