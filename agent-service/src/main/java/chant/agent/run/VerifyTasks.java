package chant.agent.run;

import chant.agent.work.VerifyTask;
import chant.support.failure.InvalidRequestException;
import chant.support.git.RefNames;
import chant.support.verify.VerifyCommands;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The checks of a verify run's task, before anything is stored (docs/agent-service.md, "Verify runs"). */
final class VerifyTasks {

    /** The one identity that may enqueue verify runs. */
    static final String REQUESTER = "merge-service";
    static final String REF_PREFIX = "refs/chant/verify/";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyTasks() {
    }

    static VerifyTask checked(Optional<VerifyTask> given) {
        VerifyTask task = given.orElseThrow(() -> new InvalidRequestException("verify is required for a verify run: the"
                + " commit, the ref it is fetched from, the command and its timeout"));
        if (task.commit() == null || !COMMIT.matcher(task.commit()).matches()) {
            throw new InvalidRequestException("verify.commit '" + task.commit() + "' is not a commit: give its 40"
                    + " lowercase hexadecimal digits");
        }
        String ref = task.ref() == null ? "" : task.ref();
        if (!ref.startsWith(REF_PREFIX) || ref.length() == REF_PREFIX.length()) {
            throw new InvalidRequestException("verify.ref '" + ref + "' must be a ref under " + REF_PREFIX
                    + " (where merge-service pushes the result it verifies)");
        }
        RefNames.problem(ref.substring("refs/".length())).ifPresent(problem -> {
            throw new InvalidRequestException("verify.ref " + ref + " is not a valid ref name: " + problem);
        });
        List<String> command = task.command();
        if (command.isEmpty()) {
            throw new InvalidRequestException("verify.command has 0 arguments: give the program, then its arguments"
                    + " (no shell)");
        }
        VerifyCommands.problem("verify.command", command, "").ifPresent(problem -> {
            throw new InvalidRequestException(problem);
        });
        if (task.timeoutSeconds() < 1 || task.timeoutSeconds() > Runs.MAX_TIMEOUT_SECONDS) {
            throw new InvalidRequestException("verify.timeout_seconds " + task.timeoutSeconds() + " is out of range: use 1"
                    + " to " + Runs.MAX_TIMEOUT_SECONDS);
        }
        return task;
    }

    /** The command as a JSON array, for the insert (PostgreSQL makes it a text[]). */
    static String json(List<String> command) {
        try {
            return JSON.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }
}
