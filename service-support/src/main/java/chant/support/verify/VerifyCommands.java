package chant.support.verify;

import java.util.List;
import java.util.Optional;

/**
 * The one rule for a verify command, wherever one is given: spec-service's project settings and
 * agent-service's verify runs. An argument list, never a shell string: at most {@link #MAX_ARGUMENTS}
 * arguments of 1 to {@link #MAX_ARGUMENT_LENGTH} characters (NUL characters never reach a service: its
 * request guard refuses them). Whether an empty command is allowed is the caller's to say.
 */
public final class VerifyCommands {

    public static final int MAX_ARGUMENTS = 64;
    public static final int MAX_ARGUMENT_LENGTH = 4096;

    private VerifyCommands() {
    }

    /**
     * What is wrong with {@code command}, for a message naming it {@code field}; {@code emptyArgumentNote}
     * is added to the message about an empty argument (what the caller's users should know then).
     */
    public static Optional<String> problem(String field, List<String> command, String emptyArgumentNote) {
        if (command.size() > MAX_ARGUMENTS) {
            return Optional.of(field + " has " + command.size() + " arguments: use at most " + MAX_ARGUMENTS
                    + " (put a longer command into a script in the repository)");
        }
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            if (argument.isEmpty()) {
                return Optional.of(field + " argument " + (i + 1) + " is empty: every argument of the command needs at"
                        + " least one character" + emptyArgumentNote);
            }
            if (argument.length() > MAX_ARGUMENT_LENGTH) {
                return Optional.of(field + " argument " + (i + 1) + " has " + argument.length()
                        + " characters: use at most " + MAX_ARGUMENT_LENGTH);
            }
        }
        return Optional.empty();
    }
}
