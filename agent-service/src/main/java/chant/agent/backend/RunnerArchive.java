package chant.agent.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A class-data sharing archive for the runner JVMs this service starts, so that a runner maps the
 * classes it needs (gRPC, netty, protobuf, Jackson, its own) ready-parsed instead of finding,
 * reading and verifying them in the service's jars: about half of a runner's start.
 *
 * <p>The first runner after the service starts is the training run: it is started with
 * {@code -XX:ArchiveClassesAtExit} and writes the archive when it exits, to a partial file. Only when
 * it exits normally (not killed by a signal: the JVM writes the archive inside its orderly exit) is
 * the file moved into place, atomically; from then on runners start with
 * {@code -XX:SharedArchiveFile}. A training runner that was killed leaves its partial file unused,
 * and the next runner trains instead; one that ended normally without an archive (the JVM could not
 * write one) ends the training for this service process, so that a JVM that cannot archive never
 * costs more than that one run's attempt. Only a class path of jars can be archived (the JVM refuses
 * to start with {@code ArchiveClassesAtExit} and a directory on it): {@link #archivable}. The archive belongs to this service process (its pid is in the
 * name) because it is valid only for the exact class path, which is the service's; archives of earlier
 * service processes are removed when this one first needs the directory. If the JVM finds an archive
 * unusable it says so in the runner's output and runs without it ({@code -Xshare:auto}): the archive
 * only ever costs its training run's exit about a second, never a run.
 */
final class RunnerArchive {

    private static final Logger LOG = Logger.getLogger(RunnerArchive.class);

    private final Path directory;
    private final Path archive;
    private final Path partial;
    private final AtomicBoolean training = new AtomicBoolean();
    private final AtomicBoolean cleaned = new AtomicBoolean();

    RunnerArchive(Path directory, long pid) {
        this.directory = directory;
        this.archive = directory.resolve("runner-" + pid + ".jsa");
        this.partial = directory.resolve("runner-" + pid + ".jsa.partial");
    }

    /** What a runner starts with, and whether it is the training run (hand it to {@link #started}). */
    record Use(List<String> jvmOptions, boolean trains) {
    }

    /** The options for the next runner: the archive when there is one, else training when nobody trains. */
    Use next() {
        if (Files.isRegularFile(archive)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"), false);
        }
        if (!training.compareAndSet(false, true)) {
            return new Use(List.of(), false);
        }
        try {
            removeEarlierArchives();
            Files.createDirectories(directory);
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warnf("runners start without a class archive: %s", e.toString());
            return new Use(List.of(), false); // training stays set: no further attempts
        }
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + partial), true);
    }

    /**
     * Follows a started runner: a training run's archive is put into place when it exits normally.
     * Returns when that is done (at once for a runner that does not train).
     */
    java.util.concurrent.CompletableFuture<Void> started(Process runner, Use use) {
        if (use.trains()) {
            return runner.onExit().thenAccept(this::trained);
        }
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** A training runner could not be started: the next one trains. */
    void notStarted(Use use) {
        if (use.trains()) {
            training.set(false);
        }
    }

    private void trained(Process runner) {
        int exit = runner.exitValue();
        // 128 + n: ended by signal n (SIGKILL, the OOM killer), so the archive may be cut short.
        boolean killed = exit >= 128;
        try {
            if (!killed && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.infof("runners start with the class archive %s from now on", archive);
                return;
            }
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.debugf("could not take the training runner's class archive: %s", e.toString());
        }
        if (killed) {
            training.set(false); // the next runner trains
        } else {
            LOG.warnf("the training runner (pid %d) ended with exit code %d and made no class archive (its output says"
                    + " why); runners of this service start without one", runner.pid(), exit);
        }
    }

    /** Whether the JVM can archive classes from this class path: jars and directories of jars (dir/*) only. */
    static boolean archivable(String classPath) {
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar") && !entry.endsWith("*")) {
                return false;
            }
        }
        return !classPath.isEmpty();
    }

    private void removeEarlierArchives() throws IOException {
        if (!cleaned.compareAndSet(false, true) || !Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                // A runner of an earlier service process may still have its archive mapped: unlinking keeps it mapped.
                if (name.startsWith("runner-") && !file.equals(archive) && !file.equals(partial)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
