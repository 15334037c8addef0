package chant.cli;

import java.io.IOException;
import java.util.List;

/** Starts a child process (an editor) on the terminal and waits for it. */
@FunctionalInterface
public interface ProcessRunner {

    /**
     * Runs the command (program and arguments, never through a shell) with standard input,
     * output and error inherited, and returns its exit status.
     */
    int run(List<String> command) throws IOException, InterruptedException;

    static ProcessRunner inheritingIo() {
        return command -> new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
