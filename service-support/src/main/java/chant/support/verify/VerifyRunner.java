package chant.support.verify;

import chant.support.git.Git;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a project's verify command on one exact commit: the commit is checked out in a checkout of
 * its own under {@code checkouts} (a clone of the project's bare repository with copied objects, never
 * hard links, and without a remote, so the command can neither change the service's repository nor
 * find it), the command runs there in the sandbox (the checkout read-write and nothing else of this
 * machine but the read-only system, no network, an environment of only {@code PATH}, {@code LANG} and
 * {@code HOME}, a private /tmp and home), and the checkout is removed afterwards. A command still
 * running at the time limit is killed with every process it started. Plain Java: no database, no
 * container.
 *
 * <p>A process that dies while a command runs leaves its checkout behind; {@link #removeLeftovers()}
 * removes every checkout under {@code checkouts}, at start and before each verification (one process
 * verifies one thing at a time, and each process has a work root of its own).
 */
public final class VerifyRunner {

    private static final Logger LOG = Logger.getLogger(VerifyRunner.class);

    /** How much of the command's output is kept: its last 8 KiB. */
    public static final int OUTPUT_TAIL = 8 * 1024;
    /** The variables the command gets (and HOME, the sandbox's own). */
    static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");
    private static final Duration GIT_LIMIT = Duration.ofMinutes(10);

    private final Git git;
    private final Sandbox sandbox;
    private final Path checkouts;

    public VerifyRunner(Git git, Sandbox sandbox, Path checkouts) {
        this.git = git;
        this.sandbox = sandbox;
        this.checkouts = checkouts.toAbsolutePath().normalize();
    }

    /** Where the checkouts are made. */
    public Path checkouts() {
        return checkouts;
    }

    /**
     * Checks {@code commit} of the bare repository {@code repository} out on its own, runs
     * {@code command} there in the sandbox for at most {@code limit}, and removes the checkout.
     */
    public Verification verify(Path repository, String commit, List<String> command, Duration limit) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no verify command");
        }
        sandbox.check();
        removeLeftovers();
        Path checkout;
        try {
            Files.createDirectories(checkouts);
            checkout = Files.createTempDirectory(checkouts, "verify-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a verify checkout under " + checkouts, e);
        }
        try {
            materialise(repository, commit, checkout);
            return run(checkout, commit, command, limit);
        } finally {
            remove(checkout);
        }
    }

    /** Removes every checkout under {@link #checkouts()} (left by a process that died while verifying). */
    public void removeLeftovers() {
        if (!Files.isDirectory(checkouts)) {
            return;
        }
        try (var children = Files.list(checkouts)) {
            for (Path child : children.toList()) {
                LOG.infof("removing the verify checkout %s left by a process that stopped while verifying", child);
                killCommandsIn(child);
                remove(child);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkouts, e);
        }
    }

    /** A clone with its own copy of every object (the merge result is an unreferenced object), then the commit. */
    private void materialise(Path repository, String commit, Path checkout) {
        git.run(checkouts, List.of("clone", "-q", "--no-hardlinks", "--no-checkout", repository.toString(),
                checkout.toString()), GIT_LIMIT);
        git.run(checkout, List.of("remote", "remove", "origin"), GIT_LIMIT);
        git.run(checkout, List.of("checkout", "-q", "--detach", commit), GIT_LIMIT);
    }

    private Verification run(Path checkout, String commit, List<String> command, Duration limit) {
        SandboxSpec spec = SandboxSpec.forWorktree(checkout).env(ENVIRONMENT).network(false).dieWithParent(true).build();
        long started = System.nanoTime();
        Process process;
        try {
            process = sandbox.processBuilder(spec, command).redirectErrorStream(true).start();
        } catch (IOException e) {
            // The program could not be started at all (unsandboxed, a missing program): the command failed.
            return new Verification(commit, 127, false, "the verify command could not be started: " + e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
        OutputTail output = new OutputTail(OUTPUT_TAIL);
        Thread reader = new Thread(() -> output.drain(process.getInputStream()), "verify-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        boolean ended;
        try {
            ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(process);
                process.waitFor();
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the verify command ran", e);
        } finally {
            kill(process);
            closeQuietly(process);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Verification(commit, ended ? process.exitValue() : -1, !ended, output.text(), took);
    }

    /**
     * Ends the commands a dead process left running in {@code checkout}: bubblewrap's
     * {@code --die-with-parent} is meant to end them with it, but a sandbox was seen to outlive a
     * verifying process killed with SIGKILL (3 of 5 runs of one test in one period; the cause was
     * not pinned down). Its command line names the checkout (its {@code --bind}, its {@code --chdir}).
     */
    static void killCommandsIn(Path checkout) {
        String path = checkout.toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(line -> line.contains(path)).orElse(false))
                .forEach(p -> {
                    LOG.infof("ending process %d left running in %s", p.pid(), checkout);
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
    }

    /** Ends the command and everything it started (in the sandbox, its own PID namespace goes with bwrap). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }

    /** Deletes a directory tree, making directories writable first (the command may have taken the write bits away). */
    static void remove(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    d.toFile().setReadable(true, true);
                    d.toFile().setWritable(true, true);
                    d.toFile().setExecutable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the verify checkout " + dir, e);
        }
    }
}
