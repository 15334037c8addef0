package chant.agent.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes standing in for runners: a shell that reads its standard input as a runner does. */
class WaitingRunnersTest {

    @TempDir
    Path dir;

    private WaitingRunners.Waiting waiting(String name) throws Exception {
        Path output = dir.resolve("waiting-" + name + ".log");
        Process p = new ProcessBuilder("sh", "-c", "if read line; then echo \"got: $line\"; else echo 'no run'; fi")
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        return new WaitingRunners.Waiting(p, output);
    }

    @Test
    void aRunGoesToAWaitingRunnerWhoseOutputTakesTheRunsName() throws Exception {
        WaitingRunners runners = new WaitingRunners();
        WaitingRunners.Waiting runner = waiting("a");
        runners.add(runner);
        assertEquals(1, runners.size());

        Path runOutput = dir.resolve("run-5-1.log");
        Optional<Process> handed = runners.hand(5, 2, 4, "run-5-token", runOutput);

        assertEquals(Optional.of(runner.process()), handed);
        assertTrue(runner.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals("got: run 5 2 4 run-5-token\n", Files.readString(runOutput));
        assertFalse(Files.exists(runner.output()));
        assertEquals(0, runners.size());
        assertEquals(Optional.empty(), runners.hand(6, 1, 4, "run-6-token", dir.resolve("run-6-1.log")), "each runner takes one run");
    }

    @Test
    void aRunnerThatEndedIsPassedOver() throws Exception {
        WaitingRunners runners = new WaitingRunners();
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        runners.add(new WaitingRunners.Waiting(gone, dir.resolve("waiting-gone.log")));
        WaitingRunners.Waiting alive = waiting("b");
        runners.add(alive);

        assertEquals(Optional.of(alive.process()), runners.hand(7, 1, 4, "run-7-token", dir.resolve("run-7-1.log")));
    }

    @Test
    void closingEndsTheWaitingRunnersWithoutARun() throws Exception {
        WaitingRunners runners = new WaitingRunners();
        WaitingRunners.Waiting runner = waiting("c");
        runners.add(runner);

        runners.close();

        assertTrue(runner.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals("no run\n", Files.readString(runner.output()));
    }

    /** The real runner started ahead of its run ends quietly when its standard input ends without a run. */
    @Test
    void aWaitingRunnerEndsWhenTheServiceClosesItsInput() throws Exception {
        Path output = dir.resolve("runners").resolve("waiting.log");
        Process runner = RunnerProcesses.start(RunnerProcesses.options("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
                RunnerProcesses.classPath(), Map.of("PATH", System.getenv("PATH"), "CHANT_RUNNER_WAIT_FOR_RUN", "stdin",
                        "CHANT_RUNNER_AGENT_SERVER", "localhost:1", "CHANT_RUNNER_SPEC_SERVER", "localhost:1"),
                output, true);
        runner.getOutputStream().close();

        assertTrue(runner.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(output);
        assertEquals(0, runner.exitValue(), text);
        assertTrue(text.contains("agent-service gave no run and closed standard input; ending"), text);
    }
}
