package chant.cli.lifecycle;

import chant.v1.SpecStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant complete <id>}: {@code chant transition <id> completed}. */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = {"Complete a spec. Every acceptance criterion must be checked and every member done, unless --force.",
                "Same as: chant transition ID completed. Prints the transition and any automatic ones it caused."})
public final class CompleteCommand extends TransitionBase {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded with the transition. Required with --force.")
    String reason;

    @Override
    SpecStatus target() {
        return SpecStatus.SPEC_STATUS_COMPLETED;
    }

    @Override
    String reason() {
        return reason;
    }
}
