package chant.agent.testing;

import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command in a sandbox to its end and captures what it printed (standard output and error together). */
public final class SandboxCommands {

    private static final long DEADLINE_SECONDS = 60;

    public record Result(int exitCode, String output) {
    }

    private SandboxCommands() {
    }

    /** {@code sh -c script} in the sandbox. */
    public static Result shell(Sandbox sandbox, SandboxSpec spec, String script) throws IOException, InterruptedException {
        return run(sandbox, spec, List.of("/bin/sh", "-c", script));
    }

    public static Result run(Sandbox sandbox, SandboxSpec spec, List<String> command) throws IOException, InterruptedException {
        Process process = sandbox.processBuilder(spec, command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the sandboxed command did not end within " + DEADLINE_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
