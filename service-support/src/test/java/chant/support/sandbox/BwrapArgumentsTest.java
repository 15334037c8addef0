package chant.support.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact bwrap argument lists a {@link SandboxSpec} renders to. */
class BwrapArgumentsTest {

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");
    private static final SystemLayout LAYOUT = SystemLayout.mergedUsr();

    @Test
    void rendersTheWholeArgumentListInOrder() {
        SandboxSpec spec = SandboxSpec.forWorktree(Path.of("/work/runs/chant-kv-x7m"))
                .gitCommonDir(Path.of("/work/clones/kv/.git"))
                .readOnly(Path.of("/opt/claude/bin"))
                .env("PATH", "/usr/bin:/bin")
                .network(false)
                .build();

        assertEquals(List.of("/usr/bin/bwrap",
                "--unshare-user", "--uid", "1000", "--gid", "1000",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--unshare-net",
                "--disable-userns", "--new-session",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin",
                "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64",
                "--ro-bind-try", "/etc/ssl/certs", "/etc/ssl/certs",
                "--ro-bind-try", "/etc/hosts", "/etc/hosts",
                "--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--tmpfs", "/home/agent",
                "--ro-bind", "/opt/claude/bin", "/opt/claude/bin",
                "--bind", "/work/clones/kv/.git", "/work/clones/kv/.git",
                "--bind", "/work/runs/chant-kv-x7m", "/work/runs/chant-kv-x7m",
                "--remount-ro", "/", "--chdir", "/work/runs/chant-kv-x7m",
                "--", "claude", "-p", "do it"),
                BwrapArguments.render(BWRAP, spec, LAYOUT, List.of("claude", "-p", "do it")));
    }

    @Test
    void networkOnSharesTheHostNetwork() {
        List<String> args = render(SandboxSpec.forWorktree(Path.of("/w")).network(true).build());
        assertFalse(args.contains("--unshare-net"));
        assertFalse(args.contains("--share-net"));
    }

    @Test
    void networkIsOffByDefault() {
        assertTrue(render(SandboxSpec.forWorktree(Path.of("/w")).build()).contains("--unshare-net"));
    }

    @Test
    void dieWithParentOnlyWhenAsked() {
        assertFalse(render(SandboxSpec.forWorktree(Path.of("/w")).build()).contains("--die-with-parent"));
        assertTrue(render(SandboxSpec.forWorktree(Path.of("/w")).dieWithParent(true).build()).contains("--die-with-parent"));
    }

    @Test
    void aHomeDirectoryIsBoundInsteadOfATmpfs() {
        List<String> args = render(SandboxSpec.forWorktree(Path.of("/w")).homeDirectory(Path.of("/var/chant/home/run-7")).build());
        int bind = args.indexOf("/var/chant/home/run-7");
        assertEquals(List.of("--bind", "/var/chant/home/run-7", "/home/agent"), args.subList(bind - 1, bind + 2));
        assertEquals(-1, java.util.Collections.indexOfSubList(args, List.of("--tmpfs", "/home/agent")));
    }

    @Test
    void anotherUser() {
        List<String> args = render(SandboxSpec.forWorktree(Path.of("/w")).user(1500, 1600).build());
        assertEquals(List.of("--unshare-user", "--uid", "1500", "--gid", "1600"), args.subList(1, 6));
    }

    @Test
    void theWorktreeIsMountedAfterThePrivateTmpSoThatOneUnderTmpIsVisible() {
        List<String> args = render(SandboxSpec.forWorktree(Path.of("/tmp/runs/r1")).build());
        int tmp = args.indexOf("/tmp");
        int worktree = args.indexOf("/tmp/runs/r1");
        assertEquals("--tmpfs", args.get(tmp - 1));
        assertTrue(worktree > tmp);
        assertEquals(List.of("--remount-ro", "/", "--chdir", "/tmp/runs/r1", "--"), args.subList(worktree + 2, worktree + 7));
    }

    @Test
    void environmentValuesNeverAppearOnTheCommandLine() {
        SandboxSpec spec = SandboxSpec.forWorktree(Path.of("/w")).env("ANTHROPIC_API_KEY", "sk-ant-very-secret").build();
        List<String> args = render(spec);
        assertFalse(String.join(" ", args).contains("sk-ant-very-secret"));
        assertFalse(args.contains("--setenv"));
        assertEquals(Map.of("ANTHROPIC_API_KEY", "sk-ant-very-secret", "HOME", "/home/agent"), spec.fullEnvironment());
        assertFalse(spec.toString().contains("sk-ant-very-secret"));
    }

    @Test
    void nothingButTheListedSystemIsMounted() {
        List<String> args = render(SandboxSpec.forWorktree(Path.of("/w")).build());
        List<String> bound = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (List.of("--bind", "--ro-bind", "--ro-bind-try").contains(args.get(i))) {
                bound.add(args.get(i + 1));
            }
        }
        assertEquals(List.of("/usr", "/etc/ssl/certs", "/etc/hosts", "/etc/resolv.conf", "/w"), bound,
                "never the root, all of /etc, /root or /home");
    }

    @Test
    void refusesRelativePathsRootAndHome() {
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.forWorktree(Path.of("relative")));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.forWorktree(Path.of("/w")).user(0, 0));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.forWorktree(Path.of("/w")).env("HOME", "/root"));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.forWorktree(Path.of("/w")).env("A=B", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> BwrapArguments.render(BWRAP, SandboxSpec.forWorktree(Path.of("/w")).build(), LAYOUT, List.of()));
    }

    @Test
    void detectedLayoutOfThisMachineHasUsrAndNoHomes() {
        SystemLayout layout = SystemLayout.detect();
        assertEquals(SystemLayout.Entry.bind("/usr"), layout.entries().get(0));
        assertTrue(layout.entries().stream().noneMatch(e -> e.target().startsWith("/home") || e.target().equals("/root")));
    }

    private static List<String> render(SandboxSpec spec) {
        return BwrapArguments.render(BWRAP, spec, LAYOUT, List.of("true"));
    }
}
