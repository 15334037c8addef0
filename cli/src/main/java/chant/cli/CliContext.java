package chant.cli;

import chant.cli.config.Settings;
import chant.cli.rpc.ChannelFactory;

/**
 * Everything a command reaches outside the JVM: environment and config file, the way to open
 * channels, the terminal and child processes. Tests pass their own; nothing here is global.
 */
public record CliContext(Settings settings, ChannelFactory channels, Terminal terminal, ProcessRunner processes) {

    public static CliContext system() {
        return new CliContext(Settings.system(), ChannelFactory.plaintext(), Terminal.system(),
                ProcessRunner.inheritingIo());
    }
}
