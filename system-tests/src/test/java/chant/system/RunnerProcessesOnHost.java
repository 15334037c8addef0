package chant.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The runner processes agent-service's local backend started on this machine, told apart by their
 * environment ({@code CHANT_RUNNER_RUN_ID}, or for a runner that waited for its run the output file
 * named after it; and {@code CHANT_RUNNER_AGENT_SERVER}): run IDs repeat across databases, and other
 * services on this machine may run runners of their own.
 */
final class RunnerProcessesOnHost {

    static final String MAIN_CLASS = "chant.agent.runner.RunnerMain";

    private RunnerProcessesOnHost() {
    }

    /** The live runner of run {@code runId} started by the agent-service at {@code agentAddress}. */
    static Optional<ProcessHandle> runnerOf(long runId, String agentAddress) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(false))
                .filter(p -> {
                    List<String> env = environment(p);
                    // A runner started for its run has the run in its environment; one that waited for it got the
                    // run on standard input, and its output file was renamed to the run's.
                    return (env.contains("CHANT_RUNNER_RUN_ID=" + runId) || output(p).matches(".*/runners/run-" + runId
                            + "-\\d+\\.log")) && env.contains("CHANT_RUNNER_AGENT_SERVER=" + agentAddress);
                })
                .findFirst();
    }

    /** Where the process's standard output goes (a file's path), or "" when it cannot be read. */
    static String output(ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "fd", "1")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** The process's environment as {@code NAME=value} entries; empty when it cannot be read (it ended). */
    static List<String> environment(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "environ"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
