package chant.support.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link SandboxSpec} into the exact {@code bwrap} argument list (never a shell string).
 *
 * <p>The environment is not on the command line: {@code --setenv NAME VALUE} would show secrets to
 * anyone who can list processes, and to the agent itself in {@code /proc/1/cmdline}. bwrap passes
 * its own environment to the agent, so {@link Sandbox} starts bwrap with exactly
 * {@link SandboxSpec#fullEnvironment()} and nothing else.
 *
 * bwrap adds {@code PWD} (the worktree) to it.
 *
 * <p>Order matters: mounts apply in order, so {@code /tmp} becomes a fresh tmpfs before the
 * worktree (which may live under the host's /tmp) is bound into it.
 */
public final class BwrapArguments {

    private BwrapArguments() {
    }

    public static List<String> render(Path bwrap, SandboxSpec spec, SystemLayout layout, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run in the sandbox");
        }
        List<String> args = new ArrayList<>();
        args.add(bwrap.toString());
        // Namespaces: an unprivileged user, its own processes, IPC, host name and cgroups; the network only when off.
        args.addAll(List.of("--unshare-user", "--uid", Integer.toString(spec.uid()), "--gid", Integer.toString(spec.gid())));
        args.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
        if (!spec.network()) {
            args.add("--unshare-net");
        }
        args.add("--disable-userns");
        // No terminal to inject keystrokes into.
        args.add("--new-session");
        if (spec.dieWithParent()) {
            args.add("--die-with-parent");
        }
        // The read-only system.
        for (SystemLayout.Entry entry : layout.entries()) {
            switch (entry.kind()) {
                case RO_BIND -> args.addAll(List.of("--ro-bind", entry.source(), entry.target()));
                case RO_BIND_TRY -> args.addAll(List.of("--ro-bind-try", entry.source(), entry.target()));
                case SYMLINK -> args.addAll(List.of("--symlink", entry.source(), entry.target()));
            }
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        // A writable home.
        if (spec.homeDirectory().isPresent()) {
            args.addAll(List.of("--bind", spec.homeDirectory().get().toString(), SandboxSpec.HOME));
        } else {
            args.addAll(List.of("--tmpfs", SandboxSpec.HOME));
        }
        // The toolchain, read-only at its own paths.
        for (Path path : spec.readOnlyPaths()) {
            args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        // What the agent works on, read-write at its own paths.
        if (spec.gitCommonDir().isPresent()) {
            String gitDir = spec.gitCommonDir().get().toString();
            args.addAll(List.of("--bind", gitDir, gitDir));
        }
        String worktree = spec.worktree().toString();
        args.addAll(List.of("--bind", worktree, worktree));
        // The sandbox's own root (where the mount points live) becomes read-only too: nothing new in /etc or /.
        args.addAll(List.of("--remount-ro", "/", "--chdir", worktree));
        args.add("--");
        args.addAll(command);
        return List.copyOf(args);
    }
}
