package chant.support.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts agent processes confined by a {@link SandboxSpec}: through bubblewrap, or, only when
 * explicitly configured for a machine without it, unsandboxed (logged loudly at creation and at every
 * start).
 *
 * <p>Either way the process gets exactly the spec's environment (never this service's), the worktree
 * as its working directory and no standard input.
 */
public final class Sandbox {

    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    static final String UNSANDBOXED_WARNING = "AGENTS RUN UNSANDBOXED (chant.agent.sandbox.unsandboxed=true): every agent "
            + "can read and write everything this service can, see its files and reach the network. Install bubblewrap "
            + "(apt-get install bubblewrap) and turn this setting off.";

    private final Bubblewrap bubblewrap;
    private final SystemLayout layout;
    private final String warning;

    private Sandbox(Bubblewrap bubblewrap, SystemLayout layout) {
        this(bubblewrap, layout, UNSANDBOXED_WARNING);
    }

    private Sandbox(Bubblewrap bubblewrap, SystemLayout layout, String warning) {
        this.bubblewrap = bubblewrap;
        this.layout = layout;
        this.warning = warning;
    }

    /** Agents run in bubblewrap with this machine's system layout. */
    public static Sandbox bubblewrap(Bubblewrap bubblewrap) {
        return new Sandbox(bubblewrap, SystemLayout.detect());
    }

    /** Agents run in bubblewrap with the given system layout. */
    public static Sandbox bubblewrap(Bubblewrap bubblewrap, SystemLayout layout) {
        return new Sandbox(bubblewrap, layout);
    }

    /** Agents run directly on this machine, without any confinement. Only for machines without bubblewrap. */
    public static Sandbox unsandboxed() {
        LOG.warn(UNSANDBOXED_WARNING);
        return new Sandbox(null, null);
    }

    /**
     * Commands run directly on this machine, without any confinement; {@code warning} (logged now and
     * at every start) names the setting that chose this, e.g. merge-service's.
     */
    public static Sandbox unsandboxed(String warning) {
        LOG.warn(warning);
        return new Sandbox(null, null, warning);
    }

    public boolean isSandboxed() {
        return bubblewrap != null;
    }

    /** Throws {@link SandboxUnavailableException} (saying how to install bubblewrap) when agents cannot run. */
    public void check() {
        if (bubblewrap != null) {
            bubblewrap.check();
        }
    }

    /** The argument list that runs {@code command} as {@code spec} describes. */
    public List<String> commandLine(SandboxSpec spec, List<String> command) {
        if (bubblewrap == null) {
            return List.copyOf(command);
        }
        return BwrapArguments.render(bubblewrap.executable(), spec, layout, command);
    }

    /**
     * A process builder for {@code command} in the sandbox, ready to start: its arguments, exactly the
     * spec's environment, the worktree as working directory, standard input from /dev/null. The caller
     * decides where the output goes.
     */
    public ProcessBuilder processBuilder(SandboxSpec spec, List<String> command) {
        List<String> commandLine = commandLine(spec, command);
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(spec.worktree().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(spec.fullEnvironment());
        if (bubblewrap == null) {
            LOG.warnf("starting a command UNSANDBOXED in %s: %s", spec.worktree(), warning);
            environment.put("HOME", unsandboxedHome(spec).toString());
        }
        return builder;
    }

    private static Path unsandboxedHome(SandboxSpec spec) {
        if (spec.homeDirectory().isPresent()) {
            return spec.homeDirectory().get();
        }
        try {
            return Files.createTempDirectory("chant-agent-home-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a home directory for an unsandboxed agent", e);
        }
    }
}
