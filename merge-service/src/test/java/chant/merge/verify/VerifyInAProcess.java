package chant.merge.verify;

import chant.support.verify.VerifyRunner;
import chant.support.git.Git;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A process of its own that verifies one commit with a command that runs until it is killed, so that
 * {@link VerifyRunnerTest} can kill -9 it in the middle, as a merge-service process would die.
 * Arguments: the bare repository, the commit, the checkouts folder, then the command.
 */
public final class VerifyInAProcess {

    private VerifyInAProcess() {
    }

    public static void main(String[] args) {
        VerifyRunner runner = new VerifyRunner(Git.onPath(), Sandbox.bubblewrap(Bubblewrap.onPath()), Path.of(args[2]));
        runner.verify(Path.of(args[0]), args[1], List.of(args).subList(3, args.length), Duration.ofMinutes(10));
    }
}
