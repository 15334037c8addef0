package chant.agent.provider;

/** How agent output is shortened for the live log: one line, at most a given length. */
public final class LogText {

    private LogText() {
    }

    /** The first line of {@code text}, cut to {@code max} characters, saying how much was left out. */
    public static String abbreviate(String text, int max) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        String first = newline < 0 ? trimmed : trimmed.substring(0, newline).stripTrailing();
        String suffix = "";
        if (newline >= 0) {
            long more = trimmed.substring(newline + 1).lines().count();
            suffix = " (+" + more + (more == 1 ? " line)" : " lines)");
        }
        if (first.length() > max) {
            first = first.substring(0, max) + "…";
        }
        return first + suffix;
    }
}
