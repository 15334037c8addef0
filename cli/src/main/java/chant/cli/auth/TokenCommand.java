package chant.cli.auth;

import chant.cli.error.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chant token}: the group of token commands (today only create). */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = chant.cli.ChantCommand.Version.class,
        description = "Make bearer tokens with spec-service's local issuer (a platform admin's command). "
                + "chant whoami shows what your own token stands for.",
        subcommands = {TokenCreateCommand.class})
public final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code chant token} alone: its usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
