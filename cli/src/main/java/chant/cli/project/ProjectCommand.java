package chant.cli.project;

import chant.cli.error.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chant project}: the group of project commands. */
@Command(name = "project", mixinStandardHelpOptions = true, versionProvider = chant.cli.ChantCommand.Version.class,
        description = "Create, list, show and change projects and their members. Every spec belongs to one project, "
                + "tied to one git repository.",
        subcommands = {ProjectAddCommand.class, ProjectListCommand.class, ProjectShowCommand.class,
                ProjectSetCommand.class, ProjectMembersCommand.class})
public final class ProjectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code chant project} alone: its usage (five commands). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
