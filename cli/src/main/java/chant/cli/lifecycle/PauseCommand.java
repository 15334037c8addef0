package chant.cli.lifecycle;

import chant.v1.SpecStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant pause <id>}: {@code chant transition <id> paused}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pause work on a spec (paused).",
                "Same as: chant transition ID paused. Prints the transition and any automatic ones it caused."})
public final class PauseCommand extends TransitionBase {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded with the transition. Required with --force.")
    String reason;

    @Override
    SpecStatus target() {
        return SpecStatus.SPEC_STATUS_PAUSED;
    }

    @Override
    String reason() {
        return reason;
    }
}
