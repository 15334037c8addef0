package chant.cli.lifecycle;

import chant.v1.SpecStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant fail <id> --reason TEXT}: {@code chant transition <id> failed}. */
@Command(name = "fail", mixinStandardHelpOptions = true,
        description = {"Mark a spec failed, saying why.",
                "Same as: chant transition ID failed --reason TEXT. Prints the transition and any automatic ones it caused."})
public final class FailCommand extends TransitionBase {

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it failed; recorded with the transition.")
    String reason;

    @Override
    SpecStatus target() {
        return SpecStatus.SPEC_STATUS_FAILED;
    }

    @Override
    String reason() {
        return reason;
    }
}
