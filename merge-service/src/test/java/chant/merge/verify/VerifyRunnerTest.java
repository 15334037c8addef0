package chant.merge.verify;

import chant.support.verify.VerifyRunner;
import chant.support.verify.Verification;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.git.BranchMerger;
import chant.merge.git.MergeRepository;
import chant.merge.git.Merged;
import chant.merge.git.Strategy;
import chant.merge.testing.Remote;
import chant.support.git.Git;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify command on real repositories in the real sandbox (bubblewrap): it runs on exactly the
 * merge result (a merge commit no ref points at), in a checkout of its own that is removed
 * afterwards, and can neither reach the service's repository nor see its environment.
 */
class VerifyRunnerTest {

    @TempDir
    Path root;

    private MergeRepository repository;
    private VerifyRunner runner;
    private String result;

    @BeforeEach
    void aMergeResult() {
        Remote remote = new Remote(root);
        String branchHead = remote.on("chant/a", "main").commit("feature.txt", "the feature\n", "feature").push().head();
        remote.on("main", "main").commit("docs/notes.md", "notes\n", "notes").push();
        repository = MergeRepository.open(Git.onPath(), root.resolve("merge/kv.git"), remote.url());
        repository.fetch();
        Merged merged = new BranchMerger(repository).merge(repository.remoteHead("main").orElseThrow(), branchHead,
                Strategy.MERGE, new BranchMerger.Names("chant/a", "a", "A", "alice"));
        result = merged.targetAfter();
        runner = new VerifyRunner(Git.onPath(), Sandbox.bubblewrap(Bubblewrap.onPath()), root.resolve("merge/verify"));
    }

    private Verification verify(Duration limit, String... command) {
        return runner.verify(repository.dir(), result, List.of(command), limit);
    }

    @Test
    void aPassingCommandRunsOnExactlyTheMergeResultAndItsCheckoutIsRemoved() throws Exception {
        Verification v = verify(Duration.ofMinutes(1), "sh", "-c",
                "test -f feature.txt && test -f docs/notes.md && git rev-parse HEAD && echo tests passed");

        assertTrue(v.passed(), v.toString());
        assertEquals(0, v.exitCode());
        assertEquals(result + "\ntests passed\n", v.outputTail());
        assertEquals(result, v.commit());
        try (var left = Files.list(runner.checkouts())) {
            assertEquals(List.of(), left.toList(), "the checkout is removed");
        }
    }

    @Test
    void aFailingCommandGivesItsExitCodeAndOutput() {
        Verification v = verify(Duration.ofMinutes(1), "sh", "-c",
                "echo running 3 tests; echo 'test_store: expected 2, got 3' >&2; exit 3");

        assertFalse(v.passed());
        assertEquals(3, v.exitCode());
        assertFalse(v.timedOut());
        assertEquals("running 3 tests\ntest_store: expected 2, got 3\n", v.outputTail());
        assertEquals("exit code 3", v.failure());
    }

    @Test
    void aCommandThatRunsOutOfTimeIsKilledWithEveryProcessItStarted() {
        Verification v = verify(Duration.ofSeconds(2), "sh", "-c", "echo started; sleep 3017 & sleep 3017 & wait");

        assertTrue(v.timedOut());
        assertEquals(-1, v.exitCode());
        assertFalse(v.passed());
        assertEquals("started\n", v.outputTail());
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 3017")));
    }

    @Test
    void theCommandCannotWriteOutsideItsCheckoutNorSeeTheServicesRepositoryOrEnvironment() throws Exception {
        String headBefore = Files.readString(repository.dir().resolve("HEAD"));
        Verification v = verify(Duration.ofMinutes(1), "sh", "-c",
                "echo ref: refs/heads/evil > " + repository.dir().resolve("HEAD") + "; echo x > /usr/evil;"
                        + " git remote -v; env; echo written > inside.txt && cat inside.txt");

        assertEquals(headBefore, Files.readString(repository.dir().resolve("HEAD")), "the service's repository is untouched");
        assertFalse(Files.exists(Path.of("/usr/evil")));
        assertTrue(v.outputTail().contains("written"), v.outputTail());
        assertFalse(v.outputTail().contains(repository.dir().toString() + " ("), "no remote points at the service's "
                + "repository: " + v.outputTail());
        Set<String> allowed = Set.of("PATH", "LANG", "HOME", "PWD", "SHLVL", "_", "OLDPWD");
        for (String name : System.getenv().keySet()) {
            if (!allowed.contains(name)) {
                assertFalse(v.outputTail().contains("\n" + name + "=") || v.outputTail().startsWith(name + "="),
                        name + " of the service reached the command: " + v.outputTail());
            }
        }
        assertTrue(v.outputTail().contains("HOME=/home/agent"), v.outputTail());
    }

    @Test
    void theCommandHasNoNetwork() {
        Verification v = verify(Duration.ofMinutes(1), "cat", "/proc/net/dev");

        assertEquals(List.of("lo"), v.outputTail().lines().filter(l -> l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':')).strip()).toList(), "only the loopback device: " + v.outputTail());
    }

    @Test
    void onlyTheEndOfALongOutputIsKept() {
        Verification v = verify(Duration.ofMinutes(1), "sh", "-c", "seq 1 100000; exit 1");

        assertTrue(v.outputTail().length() <= VerifyRunner.OUTPUT_TAIL + 100, "capped: " + v.outputTail().length());
        assertTrue(v.outputTail().startsWith("[... the output had 588895 bytes; only its end is kept ...]\n"),
                v.outputTail().substring(0, 80));
        assertTrue(v.outputTail().endsWith("99999\n100000\n"));
    }

    @Test
    void aCheckoutLeftByAProcessThatDiedIsRemovedByTheNextVerification() throws Exception {
        Path left = Files.createDirectories(runner.checkouts().resolve("verify-123/.git"));
        Files.writeString(left.resolve("HEAD"), "ref: refs/heads/main\n");

        Verification v = verify(Duration.ofMinutes(1), "true");

        assertTrue(v.passed());
        assertFalse(Files.exists(left.getParent()));
        assertNotEquals(0, v.duration().toNanos());
    }

    /**
     * kill -9 of the process that verifies: the next verification (or the service's next start)
     * ends whatever the dead process left running in its checkout (bwrap's --die-with-parent
     * usually has, but not always) and removes the checkout.
     */
    @Test
    void aProcessKilledWhileVerifyingLeavesNoCommandRunningAndItsCheckoutIsRemovedLater() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process verifier = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VerifyInAProcess.class.getName(), repository.dir().toString(), result, runner.checkouts().toString(),
                "sh", "-c", "sleep 3019 & sleep 3019 & wait").redirectErrorStream(true)
                .redirectOutput(root.resolve("verifier.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.allProcesses()
                    .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 3019")));
            try (var checkouts = Files.list(runner.checkouts())) {
                assertEquals(1, checkouts.count(), "the checkout the command runs in");
            }

            verifier.destroyForcibly();
            verifier.waitFor();
        } finally {
            verifier.destroyForcibly();
        }
        try (var left = Files.list(runner.checkouts())) {
            assertEquals(1, left.count(), "the dead process's checkout is still there");
        }
        assertTrue(verify(Duration.ofMinutes(1), "true").passed());
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 3019")));
        try (var left = Files.list(runner.checkouts())) {
            assertEquals(List.of(), left.toList(), "removed by the next verification");
        }
    }

    @Test
    void aMissingProgramFails() {
        Verification v = verify(Duration.ofMinutes(1), "./no-such-test-script");

        assertFalse(v.passed());
        assertNotEquals(0, v.exitCode());
    }
}
