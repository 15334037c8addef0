package chant.support.identity;

import chant.support.failure.InvalidRequestException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Who is calling: the name the client sent in {@code chant-user} (decoded from its percent-encoded
 * UTF-8), or anonymous when it sent none. Read it in a gRPC service class with {@link #current()}
 * and pass it on to the domain.
 */
public record Caller(String name) {

    /** The caller who sent no name. It is recorded as "anonymous" and may never decide anything. */
    public static final Caller ANONYMOUS = new Caller("anonymous");

    static final int MAX_NAME = 200;

    /** The caller of the gRPC call this thread serves; anonymous outside of one. */
    public static Caller current() {
        Caller caller = CallerInterceptor.CALLER.get();
        return caller == null ? ANONYMOUS : caller;
    }

    /**
     * The caller a header value names.
     *
     * @throws InvalidRequestException when the name is too long, has control characters or
     *                                 surrounding blanks (which would make two names look alike)
     */
    public static Caller named(String name) {
        if (name == null || name.isEmpty()) {
            return ANONYMOUS;
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidRequestException("chant-user is " + name.length() + " characters long: use at most " + MAX_NAME);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("chant-user contains a control character: send the name without it");
        }
        if (!name.strip().equals(name)) {
            throw new InvalidRequestException("chant-user '" + name + "' starts or ends with a blank: send the name without it");
        }
        return new Caller(name);
    }

    public boolean anonymous() {
        return this == ANONYMOUS || name.equals(ANONYMOUS.name);
    }

    /**
     * Whether {@code other} names this caller when case and Unicode forms are ignored
     * ({@code Alice} and {@code alice}; a precomposed and a decomposed {@code ë}), so that a name
     * cannot be made to look different to slip past a rule such as "the author cannot approve".
     */
    public boolean sameAs(String other) {
        return other != null && canonical(name).equals(canonical(other));
    }

    private static String canonical(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
