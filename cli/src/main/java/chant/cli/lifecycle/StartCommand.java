package chant.cli.lifecycle;

import chant.v1.SpecStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant start <id>}: {@code chant transition <id> in_progress}. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start work on a spec (in_progress). Its dependencies must be met and its approval granted, unless --force.",
                "Same as: chant transition ID in_progress. Prints the transition and any automatic ones it caused."})
public final class StartCommand extends TransitionBase {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded with the transition. Required with --force.")
    String reason;

    @Override
    SpecStatus target() {
        return SpecStatus.SPEC_STATUS_IN_PROGRESS;
    }

    @Override
    String reason() {
        return reason;
    }
}
