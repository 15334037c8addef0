package chant.cli.lifecycle;

import chant.v1.SpecStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant transition <id> <status>}: moves a spec to any status the transition table allows. */
@Command(name = "transition", mixinStandardHelpOptions = true,
        description = {"Move a spec to another status, along the transition table (docs/lifecycle.md).",
                "Prints '<id>: <from> -> <to>', then one indented line per transition the platform made by "
                        + "itself (a driver following its members), marked (automatic). Forced ones are marked (forced).",
                "Refused transitions and unmet preconditions exit with 5."})
public final class TransitionCommand extends TransitionBase {

    @Parameters(index = "1", paramLabel = "STATUS",
            description = "pending, in_progress, paused, completed, failed, needs_attention, cancelled.")
    SpecStatus status;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded with the transition. Required with --force.")
    String reason;

    @Override
    SpecStatus target() {
        return status;
    }

    @Override
    String reason() {
        return reason;
    }
}
