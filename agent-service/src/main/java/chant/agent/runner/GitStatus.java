package chant.agent.runner;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code git status --porcelain=v2 --branch} says about a checkout: whether anything is left
 * to commit, and the commit HEAD is at. Read from a command the agent's repository may have
 * influenced, so the commit is taken only when it is a full hexadecimal name (it becomes a git
 * argument later); anything else leaves it empty and the caller asks git itself.
 */
record GitStatus(boolean changed, Optional<String> head) {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    static GitStatus parse(String output) {
        boolean changed = false;
        String head = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("# branch.oid ")) {
                String oid = line.substring("# branch.oid ".length()).strip();
                head = COMMIT.matcher(oid).matches() ? oid : null;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                changed = true;
            }
        }
        return new GitStatus(changed, Optional.ofNullable(head));
    }
}
