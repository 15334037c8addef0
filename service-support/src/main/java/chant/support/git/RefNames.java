package chant.support.git;

import java.util.Optional;

/**
 * Git's rules for branch names ({@code git check-ref-format --branch}), plus one of ours: a name
 * never starts with {@code -}, so that it cannot be read as an option by a git command.
 */
public final class RefNames {

    static final int MAX_LENGTH = 255;

    private RefNames() {
    }

    /** What is wrong with {@code name} as a branch name, or empty when git would accept it. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("it is longer than " + MAX_LENGTH + " characters");
        }
        if (name.startsWith("-")) {
            return Optional.of("it starts with '-' and would be read as an option");
        }
        if (name.equals("@")) {
            return Optional.of("'@' alone is not a branch name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || " ~^:?*[\\".indexOf(c) >= 0) {
                return Optional.of("it contains " + describe(c) + ", which git does not allow in branch names");
            }
        }
        if (name.contains("..")) {
            return Optional.of("it contains '..'");
        }
        if (name.contains("@{")) {
            return Optional.of("it contains '@{'");
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            return Optional.of("it starts or ends with '/' or has an empty part ('//')");
        }
        if (name.endsWith(".")) {
            return Optional.of("it ends with '.'");
        }
        for (String part : name.split("/")) {
            if (part.startsWith(".")) {
                return Optional.of("a part of it starts with '.' ('" + part + "')");
            }
            if (part.endsWith(".lock")) {
                return Optional.of("a part of it ends with '.lock' ('" + part + "')");
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code prefix} as the start of branch names ({@code chant/} in
     * {@code chant/<id>}), or empty when every name it starts is valid as far as the prefix goes.
     */
    public static Optional<String> prefixProblem(String prefix) {
        return prefix.isEmpty() ? Optional.empty() : problem(prefix + "x");
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? "a control character" : c == ' ' ? "a space" : "'" + c + "'";
    }
}
