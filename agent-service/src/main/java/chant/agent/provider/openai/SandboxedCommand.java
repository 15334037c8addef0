package chant.agent.provider.openai;

import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code run_command} tool: one command line of the model, run as {@code bash -c <command>}
 * inside the sandbox (no network, the worktree read-write and nothing else of the host, the
 * agent's environment without any key). The command line is a shell string on purpose — models
 * write pipes and {@code &&} — and that is safe because it is only ever interpreted inside the
 * sandbox, which is the boundary: the runner passes it as one argument and never runs a shell
 * itself. A time limit ends the whole sandbox; the output (standard output and error together) is
 * drained as it comes and only its first and last {@link #KEEP} bytes are kept.
 */
final class SandboxedCommand {

    static final int KEEP = 8 * 1024;

    /** What a command did. */
    record Result(int exitCode, String output, boolean timedOut, long bytes) {
    }

    private final Sandbox sandbox;
    private final SandboxSpec spec;
    private final AtomicReference<Process> running = new AtomicReference<>();

    SandboxedCommand(Sandbox sandbox, SandboxSpec spec) {
        this.sandbox = sandbox;
        this.spec = spec;
    }

    /** The argument list for a command line: {@code bash -c <line>} (the shell runs in the sandbox). */
    static List<String> arguments(String commandLine) {
        return List.of("/bin/bash", "-c", commandLine);
    }

    Result run(String commandLine, Duration limit) throws IOException, InterruptedException {
        Process process = sandbox.processBuilder(spec, arguments(commandLine)).redirectErrorStream(true).start();
        running.set(process);
        try {
            Output output = new Output();
            Thread reader = new Thread(() -> output.drain(process.getInputStream()), "agent-command-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(process);
                process.waitFor();
            }
            reader.join(5000);
            return new Result(ended ? process.exitValue() : -1, output.text(), !ended, output.total());
        } finally {
            kill(process);
            running.set(null);
        }
    }

    /** Ends the command that runs now, if any, with everything it started. */
    void killRunning() {
        Process process = running.get();
        if (process != null) {
            kill(process);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The first and last {@link #KEEP} bytes of the output, and how many there were. */
    private static final class Output {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail = new byte[KEEP];
        private long total;
        private int tailStart;
        private int tailLength;

        void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    add(buffer, n);
                }
            } catch (IOException ended) {
                // the process was killed; what was read is kept
            }
        }

        private synchronized void add(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                if (head.size() < KEEP) {
                    head.write(bytes[i]);
                } else {
                    tail[(tailStart + tailLength) % KEEP] = bytes[i];
                    if (tailLength < KEEP) {
                        tailLength++;
                    } else {
                        tailStart = (tailStart + 1) % KEEP;
                    }
                }
            }
            total += n;
        }

        synchronized long total() {
            return total;
        }

        synchronized String text() {
            String first = head.toString(StandardCharsets.UTF_8);
            if (tailLength == 0) {
                return first;
            }
            byte[] last = new byte[tailLength];
            for (int i = 0; i < tailLength; i++) {
                last[i] = tail[(tailStart + i) % KEEP];
            }
            long skipped = total - KEEP - tailLength;
            return first + (skipped > 0 ? "\n[... " + skipped + " bytes of output left out ...]\n" : "")
                    + new String(last, StandardCharsets.UTF_8);
        }
    }
}
