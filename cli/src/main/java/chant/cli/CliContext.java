package chant.cli;

import chant.cli.config.Settings;
import chant.cli.rpc.ChannelFactory;

/**
 * Everything a command reaches outside the JVM: environment and config file, the way to open
 * channels, the terminal, child processes, the clock it waits by and Ctrl-C. Tests pass their
 * own; nothing here is global.
 */
public record CliContext(Settings settings, ChannelFactory channels, Terminal terminal, ProcessRunner processes,
                         Timing timing, Interrupts interrupts) {

    /** A context with the real clock and Ctrl-C handling. */
    public CliContext(Settings settings, ChannelFactory channels, Terminal terminal, ProcessRunner processes) {
        this(settings, channels, terminal, processes, Timing.system(), Interrupts.system());
    }

    public static CliContext system() {
        return new CliContext(Settings.system(), ChannelFactory.plaintext(), Terminal.system(),
                ProcessRunner.inheritingIo());
    }
}
