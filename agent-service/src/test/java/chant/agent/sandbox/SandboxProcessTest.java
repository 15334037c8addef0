package chant.agent.sandbox;

import chant.agent.testing.GitRepositories;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;

import chant.agent.testing.SandboxCommands;
import chant.agent.testing.SandboxCommands.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes in a real bubblewrap sandbox (scripts/test installs bubblewrap): what an agent can
 * and cannot do.
 */
class SandboxProcessTest {

    /** Set in the test JVM's environment by the surefire configuration (pom.xml). */
    static final String PARENT_SECRET_VARIABLE = "CHANT_SANDBOX_TEST_PARENT_SECRET";

    private static final Bubblewrap BWRAP = Bubblewrap.onPath();
    private static Sandbox sandbox;

    @TempDir
    Path root;

    @BeforeAll
    static void bubblewrapIsInstalled() {
        BWRAP.check();
        sandbox = Sandbox.bubblewrap(BWRAP);
    }

    private Path worktree() throws IOException {
        return Files.createDirectories(root.resolve("chant-kv-run1"));
    }

    private SandboxSpec.Builder spec() throws IOException {
        return SandboxSpec.forWorktree(worktree()).env("PATH", "/usr/bin:/bin");
    }

    @Test
    void theAgentWritesInsideItsWorktreeAsAnUnprivilegedUser() throws Exception {
        Result result = SandboxCommands.shell(sandbox, spec().build(),
                "id -u; id -g; pwd; mkdir -p notes && echo written-inside > notes/a.txt");

        assertEquals(0, result.exitCode(), result.output());
        List<String> lines = result.output().lines().toList();
        assertEquals(List.of("1000", "1000", worktree().toString()), lines);
        assertEquals("written-inside\n", Files.readString(worktree().resolve("notes/a.txt")));
    }

    @Test
    void theAgentCannotWriteToTheSystem() throws Exception {
        Result etc = SandboxCommands.shell(sandbox, spec().build(), "echo x > /etc/hosts");
        Result usr = SandboxCommands.shell(sandbox, spec().build(), "touch /usr/bin/chant-agent-was-here");

        assertNotEquals(0, etc.exitCode());
        assertTrue(etc.output().contains("Read-only file system"), etc.output());
        assertNotEquals(0, usr.exitCode());
        assertTrue(usr.output().contains("Read-only file system"), usr.output());
        assertFalse(Files.exists(Path.of("/usr/bin/chant-agent-was-here")));
    }

    @Test
    void theAgentCannotWriteOutsideItsWorktree() throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Path etcFile = Path.of("/etc/chant-agent-was-here");

        Result result = SandboxCommands.shell(sandbox, spec().build(),
                "echo x > " + elsewhere.resolve("f.txt") + "; echo x > " + etcFile + "; echo x > /root/f.txt");

        assertFalse(Files.exists(elsewhere.resolve("f.txt")));
        assertFalse(Files.exists(etcFile));
        assertFalse(Files.exists(Path.of("/root/f.txt")));
        // Not mounted at all (sh says "Directory nonexistent"), or read-only: either way nothing is written.
        List<String> lines = result.output().lines().toList();
        assertEquals(3, lines.size(), result.output());
        assertTrue(lines.get(0).contains("Directory nonexistent"), result.output());
        assertTrue(lines.get(1).contains("Read-only file system"), result.output());
        assertTrue(lines.get(2).contains("Directory nonexistent"), result.output());
    }

    @Test
    void theAgentCannotReadAnotherRunsWorktreeOrTheHomes() throws Exception {
        Path other = Files.createDirectories(root.resolve("chant-kv-run2"));
        Files.writeString(other.resolve("secret.txt"), "other run's work");

        Result result = SandboxCommands.shell(sandbox, spec().build(),
                "cat " + other.resolve("secret.txt") + "; ls " + other + "; ls /root; ls /home");

        assertFalse(result.output().contains("other run's work"), result.output());
        assertEquals(3, result.output().lines().filter(l -> l.contains("No such file or directory")).count(), result.output());
        // /home holds only the agent's own home.
        assertTrue(result.output().lines().anyMatch(l -> l.equals("agent")), result.output());
    }

    @Test
    void theAgentSeesOnlyTheEnvironmentItIsGiven() throws Exception {
        String parentSecret = System.getenv(PARENT_SECRET_VARIABLE);
        assertTrue(parentSecret != null && !parentSecret.isBlank(), PARENT_SECRET_VARIABLE + " must be set by the surefire configuration");

        Result result = SandboxCommands.run(sandbox, spec().env("GIVEN", "given-value").build(),
                List.of("/usr/bin/env", "-0"));
        Result everywhere = SandboxCommands.shell(sandbox, spec().build(),
                "cat /proc/*/environ /proc/*/cmdline 2>/dev/null | tr '\\0' '\\n'");

        assertEquals(0, result.exitCode(), result.output());
        Map<String, String> environment = List.of(result.output().split("\0")).stream()
                .filter(e -> !e.isEmpty())
                .collect(Collectors.toMap(e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1)));
        // bwrap adds PWD, the working directory.
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "GIVEN", "given-value", "HOME", "/home/agent", "PWD", worktree().toString()),
                environment);
        assertFalse(everywhere.output().contains(parentSecret), "the parent's secret is visible in the sandbox's processes");
    }

    @Test
    void withoutNetworkTheAgentCannotConnectToALocalServer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String connect = "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected";

            Result off = SandboxCommands.run(sandbox, spec().network(false).build(), List.of("/bin/bash", "-c", connect));
            Result on = SandboxCommands.run(sandbox, spec().network(true).build(), List.of("/bin/bash", "-c", connect));

            assertNotEquals(0, off.exitCode());
            assertFalse(off.output().contains("connected"), off.output());
            // The same probe with the network on connects: the refusal above is the sandbox's doing.
            assertEquals(0, on.exitCode(), on.output());
            assertTrue(on.output().contains("connected"), on.output());
        }
    }

    @Test
    void theAgentHasAPrivateTmpAndAWritableHome() throws Exception {
        Path hostTmpFile = Files.createTempFile("chant-host-", ".txt");
        try {
            Result result = SandboxCommands.shell(sandbox, spec().build(),
                    "ls /tmp; echo t > /tmp/agent-tmp && echo h > \"$HOME/.agent-config\" && echo ok");

            assertEquals(0, result.exitCode(), result.output());
            assertFalse(result.output().contains(hostTmpFile.getFileName().toString()), result.output());
            assertTrue(result.output().contains("ok"));
            assertFalse(Files.exists(Path.of("/tmp/agent-tmp")));
        } finally {
            Files.deleteIfExists(hostTmpFile);
        }
    }

    @Test
    void theAgentCommitsInALinkedWorktreeThroughTheGitCommonDir() throws Exception {
        Path linked = GitRepositories.linkedWorktree(root, "chant-kv-run3", "chant/run3");
        Path repository = root.resolve("clone");

        SandboxSpec spec = SandboxSpec.forWorktree(linked).gitCommonDir(repository.resolve(".git"))
                .env("PATH", "/usr/bin:/bin")
                .env("GIT_AUTHOR_NAME", "agent").env("GIT_AUTHOR_EMAIL", "agent@chant.invalid")
                .env("GIT_COMMITTER_NAME", "agent").env("GIT_COMMITTER_EMAIL", "agent@chant.invalid")
                .build();
        Result result = SandboxCommands.shell(sandbox, spec,
                "echo work > work.txt && git add work.txt && git commit -q -m 'chant(run3): work' && echo committed");

        assertEquals(0, result.exitCode(), result.output());
        assertEquals("chant(run3): work", GitRepositories.git(repository, "log", "-1", "--format=%s", "chant/run3").strip());
    }

    @Test
    void filesTheAgentWritesBelongToTheServiceUserOutside() throws Exception {
        SandboxCommands.shell(sandbox, spec().build(), "echo x > owned.txt");

        Object uid = Files.getAttribute(worktree().resolve("owned.txt"), "unix:uid");
        assertEquals(new com.sun.security.auth.module.UnixSystem().getUid(), ((Integer) uid).longValue());
        assertEquals(Set.of("rw-r--r--"), new TreeSet<>(Set.of(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(worktree().resolve("owned.txt"))))));
    }
}
