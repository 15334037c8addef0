package chant.support.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one agent process may see and do: an immutable description that {@link BwrapArguments}
 * renders into a {@code bwrap} argument list.
 *
 * <p>The worktree is mounted read-write at its own path (so that the absolute paths in a linked
 * worktree's {@code .git} file stay valid), and so is the git common directory it commits into, when
 * given. The toolchain paths are mounted read-only at their own paths. The agent gets a private
 * {@code /tmp}, a writable home ({@link #HOME}: a fresh tmpfs, or a per-run directory), no other
 * file of this machine beyond the read-only system ({@link SystemLayout}), and an environment that
 * holds only {@link #environment()} and {@code HOME}. The network is shared only when
 * {@link #network()} is set. It runs as {@link #uid()}/{@link #gid()} in its own user namespace.
 */
public final class SandboxSpec {

    /** The agent's home directory inside the sandbox. */
    public static final String HOME = "/home/agent";
    /** The unprivileged user the agent runs as inside the sandbox. */
    public static final int DEFAULT_UID = 1000;

    private final Path worktree;
    private final Path gitCommonDir;
    private final List<Path> readOnlyPaths;
    private final Map<String, String> environment;
    private final boolean network;
    private final Path homeDirectory;
    private final int uid;
    private final int gid;
    private final boolean dieWithParent;

    private SandboxSpec(Builder builder) {
        this.worktree = builder.worktree;
        this.gitCommonDir = builder.gitCommonDir;
        this.readOnlyPaths = List.copyOf(builder.readOnlyPaths);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.network = builder.network;
        this.homeDirectory = builder.homeDirectory;
        this.uid = builder.uid;
        this.gid = builder.gid;
        this.dieWithParent = builder.dieWithParent;
    }

    /** A description for an agent working in {@code worktree} (an absolute path). */
    public static Builder forWorktree(Path worktree) {
        return new Builder(worktree);
    }

    public Path worktree() {
        return worktree;
    }

    /** The git directory the worktree commits into, mounted read-write, if any. */
    public Optional<Path> gitCommonDir() {
        return Optional.ofNullable(gitCommonDir);
    }

    /** Toolchain paths (the agent CLI, an interpreter outside /usr) mounted read-only at their own paths. */
    public List<Path> readOnlyPaths() {
        return readOnlyPaths;
    }

    /** The variables given to the agent, without {@code HOME} (see {@link #fullEnvironment()}). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Exactly the agent's environment: the given variables and {@code HOME}. */
    public Map<String, String> fullEnvironment() {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.put("HOME", HOME);
        return Collections.unmodifiableMap(all);
    }

    public boolean network() {
        return network;
    }

    /** A directory mounted as the agent's home; empty for a fresh tmpfs that goes with the sandbox. */
    public Optional<Path> homeDirectory() {
        return Optional.ofNullable(homeDirectory);
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public boolean dieWithParent() {
        return dieWithParent;
    }

    public Builder toBuilder() {
        Builder builder = new Builder(worktree);
        builder.gitCommonDir = gitCommonDir;
        builder.readOnlyPaths.addAll(readOnlyPaths);
        builder.environment.putAll(environment);
        builder.network = network;
        builder.homeDirectory = homeDirectory;
        builder.uid = uid;
        builder.gid = gid;
        builder.dieWithParent = dieWithParent;
        return builder;
    }

    /** Names the environment variables but never their values: some of them are secrets. */
    @Override
    public String toString() {
        return "SandboxSpec[worktree=" + worktree + ", gitCommonDir=" + gitCommonDir + ", readOnly=" + readOnlyPaths
                + ", environment=" + environment.keySet() + ", network=" + network + ", home="
                + (homeDirectory == null ? "tmpfs" : homeDirectory) + ", uid=" + uid + ", gid=" + gid
                + ", dieWithParent=" + dieWithParent + "]";
    }

    public static final class Builder {

        private final Path worktree;
        private Path gitCommonDir;
        private final List<Path> readOnlyPaths = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean network;
        private Path homeDirectory;
        private int uid = DEFAULT_UID;
        private int gid = DEFAULT_UID;
        private boolean dieWithParent;

        private Builder(Path worktree) {
            this.worktree = absolute(worktree, "worktree");
        }

        public Builder gitCommonDir(Path gitCommonDir) {
            this.gitCommonDir = gitCommonDir == null ? null : absolute(gitCommonDir, "git common dir");
            return this;
        }

        public Builder readOnly(Path path) {
            readOnlyPaths.add(absolute(path, "read-only path"));
            return this;
        }

        /** One environment variable; {@code HOME} is the sandbox's own and cannot be set. */
        public Builder env(String name, String value) {
            Objects.requireNonNull(value, name);
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not an environment variable: " + name);
            }
            if (name.equals("HOME")) {
                throw new IllegalArgumentException("HOME is the sandbox's home (" + HOME + ")");
            }
            environment.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        public Builder network(boolean network) {
            this.network = network;
            return this;
        }

        public Builder homeDirectory(Path homeDirectory) {
            this.homeDirectory = homeDirectory == null ? null : absolute(homeDirectory, "home directory");
            return this;
        }

        public Builder user(int uid, int gid) {
            if (uid <= 0 || gid <= 0) {
                throw new IllegalArgumentException("the agent runs as an unprivileged user, not " + uid + ":" + gid);
            }
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        /**
         * Ends the agent when the thread that started it ends (bwrap's {@code --die-with-parent}, SIGKILL to
         * the whole sandbox). The providers set it: an agent's parent is its runner, and an agent whose
         * runner was killed has nobody to report its work to. Only a process that must outlive its parent
         * (none is sandboxed today) would leave it off.
         */
        public Builder dieWithParent(boolean dieWithParent) {
            this.dieWithParent = dieWithParent;
            return this;
        }

        public SandboxSpec build() {
            return new SandboxSpec(this);
        }

        private static Path absolute(Path path, String what) {
            Objects.requireNonNull(path, what);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("the " + what + " must be an absolute path: " + path);
            }
            return path.normalize();
        }
    }
}
