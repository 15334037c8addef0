package chant.cli;

import chant.cli.config.GlobalOptions;
import chant.cli.edit.EditCommand;
import chant.cli.error.ExitCodes;
import chant.cli.events.HistoryCommand;
import chant.cli.events.WatchCommand;
import chant.cli.lifecycle.ApproveCommand;
import chant.cli.lifecycle.CancelCommand;
import chant.cli.lifecycle.CompleteCommand;
import chant.cli.lifecycle.DagCommand;
import chant.cli.lifecycle.FailCommand;
import chant.cli.lifecycle.LintCommand;
import chant.cli.lifecycle.PauseCommand;
import chant.cli.lifecycle.ReadyCommand;
import chant.cli.lifecycle.RejectCommand;
import chant.cli.lifecycle.ResetCommand;
import chant.cli.lifecycle.StartCommand;
import chant.cli.lifecycle.StatusCommand;
import chant.cli.lifecycle.TransitionCommand;
import chant.cli.project.ProjectCommand;
import chant.cli.spec.AddCommand;
import chant.cli.spec.DeleteCommand;
import chant.cli.spec.ListCommand;
import chant.cli.spec.ShowCommand;
import chant.cli.transfer.ExportCommand;
import chant.cli.transfer.ImportCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chant}: the root command. Holds the global options and the context of this run. */
@Command(name = "chant", mixinStandardHelpOptions = true, versionProvider = ChantCommand.Version.class,
        description = "Work with the specs stored by the Chant Platform (spec-service).",
        subcommands = {ProjectCommand.class, AddCommand.class, ListCommand.class, ShowCommand.class,
                EditCommand.class, DeleteCommand.class, StatusCommand.class, ReadyCommand.class, DagCommand.class,
                TransitionCommand.class, StartCommand.class, CompleteCommand.class, FailCommand.class,
                PauseCommand.class, ApproveCommand.class, RejectCommand.class, CancelCommand.class,
                ResetCommand.class, LintCommand.class, HistoryCommand.class, WatchCommand.class,
                ImportCommand.class, ExportCommand.class, HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 failed or refused (lint: errors found), 2 usage, 3 not found,",
                "  4 invalid argument, 5 precondition failed or already exists,",
                "  6 conflict (changed meanwhile), 7 server unavailable or too slow.",
                "  See docs/cli.md."})
public final class ChantCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Spec
    private CommandSpec spec;

    private final CliContext context;

    public ChantCommand(CliContext context) {
        this.context = context;
    }

    public GlobalOptions global() {
        return global;
    }

    public CliContext context() {
        return context;
    }

    /** {@code chant} alone: the commands in short, and how to get help. */
    @Override
    public Integer call() {
        Overview.print(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** The version of the jar (its manifest), or "development build" when run from classes. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ChantCommand.class.getPackage().getImplementationVersion();
            return new String[] {"chant " + (version == null ? "development build" : version)};
        }
    }
}
