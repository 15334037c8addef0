package chant.agent.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerProcessesTest {

    @TempDir
    Path dir;

    @Test
    void jvmOptionsAreSeparateArguments() {
        assertEquals(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                RunnerProcesses.options(" -Xmx128m  -XX:+UseSerialGC\t-XX:TieredStopAtLevel=1 "));
        assertEquals(List.of(), RunnerProcesses.options("  "));
        List<String> command = RunnerProcesses.command(RunnerProcesses.options("-Xmx128m -XX:+UseSerialGC"));
        assertTrue(command.containsAll(List.of("-Xmx128m", "-XX:+UseSerialGC")), command.toString());
        assertEquals(RunnerProcesses.MAIN_CLASS, command.get(command.size() - 1));
    }

    /** The default options and this JVM's class path start the runner's main class (which then misses its run). */
    @Test
    void aRunnerStartsWithTheDefaultOptions() throws Exception {
        Path output = dir.resolve("runners").resolve("run-1-1.log");
        Process process = RunnerProcesses.start(RunnerProcesses.options("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
                Map.of("PATH", System.getenv("PATH")), output);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(output);
        assertEquals(2, process.exitValue(), text);
        assertTrue(text.contains("chant runner: CHANT_RUNNER_RUN_ID is not set"), text);
    }
}
