package chant.agent.backend;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Runners started ahead of their runs: a runner JVM takes about a second to start and connect, so
 * the local backend keeps a few started and hands each claimed run to one of them, through its
 * standard input, instead of starting a JVM after the claim. A waiting runner holds no run and no
 * lease: if it dies, nothing is lost; if the service goes, its standard input ends and so does the
 * runner. Only the dispatcher thread uses this class.
 */
final class WaitingRunners {

    /** A runner that waits, and the file its output goes to until it gets a run. */
    record Waiting(Process process, Path output) {
    }

    private final Deque<Waiting> waiting = new ArrayDeque<>();

    int size() {
        waiting.removeIf(w -> !w.process().isAlive());
        return waiting.size();
    }

    void add(Waiting runner) {
        waiting.add(runner);
    }

    /**
     * Gives the run to a waiting runner: writes {@code run <id> <epoch> <heartbeat seconds> <run token>}
     * and closes its standard input (a pipe only this service and the runner hold, unlike a command
     * line), then moves its output file to {@code output}. Empty when no runner waits or the ones that
     * did are gone (the caller starts one as before).
     */
    Optional<Process> hand(long runId, long epoch, int heartbeatSeconds, String runToken, Path output) {
        Waiting runner;
        while ((runner = waiting.poll()) != null) {
            if (!runner.process().isAlive()) {
                continue;
            }
            try (OutputStream in = runner.process().getOutputStream()) {
                in.write(("run " + runId + " " + epoch + " " + heartbeatSeconds + " " + runToken + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                runner.process().destroyForcibly(); // it could not take the run: it must not take any later
                continue;
            }
            try {
                Files.move(runner.output(), output);
            } catch (IOException e) {
                // The output stays under its first name; the run is handed over all the same.
            }
            return Optional.of(runner.process());
        }
        return Optional.empty();
    }

    /** Ends every waiting runner (its standard input ends). */
    void close() {
        Waiting runner;
        while ((runner = waiting.poll()) != null) {
            try {
                runner.process().getOutputStream().close();
            } catch (IOException e) {
                runner.process().destroy();
            }
        }
    }
}
