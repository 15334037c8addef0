package chant.spec.id;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/** Base36 digits ({@code 0-9a-z}) as used by spec IDs. */
public final class Base36 {

    static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
    /** Largest sequence a day can hold: {@code zzz}. */
    public static final int MAX_3 = 36 * 36 * 36 - 1;

    private static final RandomGenerator RANDOM = new SecureRandom();

    private Base36() {
    }

    /** {@code n} as three base36 digits, zero-padded: 1 -> "001", 10 -> "00a". */
    public static String pad3(int n) {
        if (n < 0 || n > MAX_3) {
            throw new IllegalArgumentException("sequence " + n + " does not fit in three base36 digits");
        }
        char[] out = new char[3];
        for (int i = 2; i >= 0; i--) {
            out[i] = DIGITS.charAt(n % 36);
            n /= 36;
        }
        return new String(out);
    }

    /** Parses up to a few base36 digits; -1 when the text is not base36. */
    public static int parse(String text) {
        int n = 0;
        for (char c : text.toCharArray()) {
            int d = DIGITS.indexOf(c);
            if (d < 0) {
                return -1;
            }
            n = n * 36 + d;
        }
        return n;
    }

    public static String random3() {
        char[] out = new char[3];
        for (int i = 0; i < 3; i++) {
            out[i] = DIGITS.charAt(RANDOM.nextInt(36));
        }
        return new String(out);
    }
}
