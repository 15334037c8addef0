package chant.cli.project;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.v1.Project;
import java.util.List;
import java.util.regex.Pattern;

/** The verify gate's options as {@code project add} and {@code project set} check them, and how the gate is shown. */
final class VerifySettings {

    static final int MAX_SECONDS = 86_400;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private VerifySettings() {
    }

    static void checkTimeout(String option, Integer seconds) {
        if (seconds != null && (seconds < 1 || seconds > MAX_SECONDS)) {
            throw new CliException(ExitCodes.USAGE, option + " must be 1 to " + MAX_SECONDS + " seconds, not " + seconds);
        }
    }

    static void checkCommand(List<String> command) {
        if (command != null && command.stream().anyMatch(String::isEmpty)) {
            throw new CliException(ExitCodes.USAGE, "--verify-cmd has an empty argument: every argument needs at least"
                    + " one character (--no-verify turns the gate off)");
        }
    }

    /** The command as one would type it: arguments that are not plain words are single-quoted. */
    static String shown(List<String> command) {
        if (command.isEmpty()) {
            return "none (no verify gate)";
        }
        return String.join(" ", command.stream().map(a -> PLAIN.matcher(a).matches() ? a
                : "'" + a.replace("'", "'\\''") + "'").toList());
    }

    static String timeout(int seconds, String defaultIs) {
        return seconds == 0 ? "default (" + defaultIs + ")" : seconds + " s";
    }

    /** The project's verify gate on one line: the command and its time limit. */
    static String gate(Project p) {
        return p.getVerifyCommandCount() == 0 ? shown(List.of())
                : shown(p.getVerifyCommandList()) + " (time limit " + timeout(p.getVerifyTimeoutSeconds(),
                "merge-service's, 600 s") + ")";
    }
}
