package chant.agent.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runner JVMs, on a class path of jars as the packaged service has (this module's classes
 * packed into a jar, and the jars of the test's class path); the runner then misses its run and
 * exits normally.
 */
class RunnerArchiveTest {

    private static final List<String> OPTIONS = RunnerProcesses.options("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    @Test
    void theFirstRunnerMakesTheArchiveTheNextOnesStartWith() throws Exception {
        Path cds = dir.resolve("cds");
        Files.createDirectories(cds);
        Files.writeString(cds.resolve("runner-1.jsa"), "an earlier service process's archive");
        RunnerArchive archive = new RunnerArchive(cds, 7);

        RunnerArchive.Use training = archive.next();
        assertTrue(training.trains());
        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + cds.resolve("runner-7.jsa.partial")), training.jvmOptions());
        assertFalse(Files.exists(cds.resolve("runner-1.jsa")), "earlier service processes' archives are removed");
        RunnerArchive.Use meanwhile = archive.next();
        assertFalse(meanwhile.trains(), "one runner trains at a time");
        assertEquals(List.of(), meanwhile.jvmOptions());

        String classPath = jarClassPath();
        Process trainer = start(training.jvmOptions(), classPath, dir.resolve("trainer.log"));
        archive.started(trainer, training).get(120, TimeUnit.SECONDS);
        assertEquals(2, trainer.exitValue(), Files.readString(dir.resolve("trainer.log")));
        RunnerArchive.Use shared = archive.next();
        assertEquals(List.of("-XX:SharedArchiveFile=" + cds.resolve("runner-7.jsa"), "-Xshare:auto"), shared.jvmOptions());
        assertFalse(Files.exists(cds.resolve("runner-7.jsa.partial")));

        List<String> withLog = new ArrayList<>(shared.jvmOptions());
        withLog.add("-Xlog:class+load=info");
        Process runner = start(withLog, classPath, dir.resolve("runner.log"));
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(dir.resolve("runner.log"));
        assertEquals(2, runner.exitValue(), output);
        assertTrue(output.lines().anyMatch(l -> l.contains(RunnerProcesses.MAIN_CLASS + " source: shared objects file")),
                "the runner's own classes come from the archive:\n" + output);
    }

    @Test
    void aTrainingRunnerKilledBySignalLeavesNoArchiveAndTheNextRunnerTrains() throws Exception {
        RunnerArchive archive = new RunnerArchive(dir, 8);
        RunnerArchive.Use training = archive.next();
        Files.writeString(dir.resolve("runner-8.jsa.partial"), "cut short");
        Process runner = new ProcessBuilder("sleep", "60").start();
        var followed = archive.started(runner, training);
        runner.destroyForcibly();
        followed.get(30, TimeUnit.SECONDS);

        assertFalse(Files.exists(dir.resolve("runner-8.jsa.partial")));
        assertFalse(Files.exists(dir.resolve("runner-8.jsa")));
        RunnerArchive.Use next = archive.next();
        assertTrue(next.trains(), "the next runner trains: " + next);
    }

    @Test
    void aTrainingRunnerThatEndsWithoutAnArchiveEndsTheTraining() throws Exception {
        RunnerArchive archive = new RunnerArchive(dir, 9);
        RunnerArchive.Use training = archive.next();
        Process runner = new ProcessBuilder("sh", "-c", "exit 1").start();
        archive.started(runner, training).get(30, TimeUnit.SECONDS);

        // The JVM could not archive (a directory on the class path, say): later runners start plainly, none trains.
        for (int i = 0; i < 3; i++) {
            RunnerArchive.Use next = archive.next();
            assertFalse(next.trains());
            assertEquals(List.of(), next.jvmOptions());
        }
    }

    @Test
    void onlyAClassPathOfJarsIsArchivable() {
        assertTrue(RunnerArchive.archivable("/app/app/*:/app/lib/main/*:/app/lib/boot/*"));
        assertTrue(RunnerArchive.archivable("/a/x.jar:/b/y.jar"));
        assertFalse(RunnerArchive.archivable("/module/target/classes:/b/y.jar"));
        assertFalse(RunnerArchive.archivable(""));
    }

    /** This module's classes in a jar, then every jar of the test's class path (directories left out). */
    private String jarClassPath() throws Exception {
        Path classes = Path.of(RunnerProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("agent-service-classes.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Process start(List<String> archiveOptions, String classPath, Path output) throws Exception {
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(archiveOptions);
        return RunnerProcesses.start(options, classPath, Map.of("PATH", System.getenv("PATH")), output);
    }
}
