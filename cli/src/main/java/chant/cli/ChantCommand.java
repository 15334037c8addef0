package chant.cli;

import chant.cli.config.GlobalOptions;
import chant.cli.edit.EditCommand;
import chant.cli.error.ExitCodes;
import chant.cli.events.HistoryCommand;
import chant.cli.events.WatchCommand;
import chant.cli.lifecycle.ApproveCommand;
import chant.cli.lifecycle.RequestApprovalCommand;
import chant.cli.lifecycle.CancelCommand;
import chant.cli.lifecycle.CompleteCommand;
import chant.cli.lifecycle.DagCommand;
import chant.cli.lifecycle.FailCommand;
import chant.cli.lifecycle.LintCommand;
import chant.cli.lifecycle.ReadyCommand;
import chant.cli.lifecycle.RejectCommand;
import chant.cli.lifecycle.ResetCommand;
import chant.cli.lifecycle.StartCommand;
import chant.cli.lifecycle.StatusCommand;
import chant.cli.lifecycle.TransitionCommand;
import chant.cli.project.ProjectCommand;
import chant.cli.run.CancelRunCommand;
import chant.cli.run.CleanupCommand;
import chant.cli.run.PauseCommand;
import chant.cli.run.TakeoverCommand;
import chant.cli.run.LogCommand;
import chant.cli.run.RunsCommand;
import chant.cli.run.SplitCommand;
import chant.cli.run.WorkCommand;
import chant.cli.spec.AddCommand;
import chant.cli.spec.DeleteCommand;
import chant.cli.spec.ListCommand;
import chant.cli.spec.ShowCommand;
import chant.cli.transfer.ExportCommand;
import chant.cli.transfer.ImportCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chant}: the root command. Holds the global options and the context of this run. */
@Command(name = "chant", mixinStandardHelpOptions = true, versionProvider = ChantCommand.Version.class,
        description = "Work with the specs of the Chant Platform (spec-service) and run agents on them (agent-service).",
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 failed or refused (lint: errors found), 2 usage, 3 not found,",
                "  4 invalid argument, 5 precondition failed or already exists,",
                "  6 conflict (changed meanwhile), 7 server unavailable or too slow;",
                "  work and log --follow: 8 run failed, 9 cancelled, 10 timed out, 11 lost,",
                "  12 spec not completed, 13 result not delivered yet, 130 Ctrl-C;",
                "  14 no token or token refused, 15 permission denied.",
                "  See docs/cli.md."})
public final class ChantCommand implements Callable<Integer> {

    /**
     * The subcommands by name, in the order of the help. {@link Main} adds only the one a command
     * line names (building all of them costs more than the rest of a short command), or all of them
     * for help, a bare {@code chant} and unknown names.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    /** Global options that take a value (the next argument unless given as --option=value). */
    private static final Set<String> VALUE_OPTIONS = Set.of(
            "--spec-server", "--server", "--agent-server", "--merge-server", "--timeout", "--project", "--token-file");

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("project", ProjectCommand.class);
        commands.put("add", AddCommand.class);
        commands.put("list", ListCommand.class);
        commands.put("show", ShowCommand.class);
        commands.put("edit", EditCommand.class);
        commands.put("delete", DeleteCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("ready", ReadyCommand.class);
        commands.put("dag", DagCommand.class);
        commands.put("transition", TransitionCommand.class);
        commands.put("start", StartCommand.class);
        commands.put("complete", CompleteCommand.class);
        commands.put("fail", FailCommand.class);
        commands.put("pause", PauseCommand.class);
        commands.put("approve", ApproveCommand.class);
        commands.put("reject", RejectCommand.class);
        commands.put("request-approval", RequestApprovalCommand.class);
        commands.put("cancel", CancelCommand.class);
        commands.put("reset", ResetCommand.class);
        commands.put("archive", chant.cli.lifecycle.ArchiveCommand.class);
        commands.put("merge", chant.cli.merge.MergeCommand.class);
        commands.put("lint", LintCommand.class);
        commands.put("work", WorkCommand.class);
        commands.put("split", SplitCommand.class);
        commands.put("log", LogCommand.class);
        commands.put("runs", RunsCommand.class);
        commands.put("cancel-run", CancelRunCommand.class);
        commands.put("takeover", TakeoverCommand.class);
        commands.put("cleanup", CleanupCommand.class);
        commands.put("history", HistoryCommand.class);
        commands.put("watch", WatchCommand.class);
        commands.put("whoami", chant.cli.auth.WhoamiCommand.class);
        commands.put("token", chant.cli.auth.TokenCommand.class);
        commands.put("import", ImportCommand.class);
        commands.put("export", ExportCommand.class);
        commands.put("help", HelpCommand.class);
        return Collections.unmodifiableMap(commands);
    }

    /**
     * The subcommand {@code args} run, when it is one of ours other than {@code help}: the first
     * argument that is neither a global option nor its value. Empty for anything else.
     */
    static Optional<String> subcommandIn(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (arg.startsWith("-")) {
                if (VALUE_OPTIONS.contains(arg)) {
                    i++;
                }
                continue;
            }
            return SUBCOMMANDS.containsKey(arg) && !arg.equals("help") ? Optional.of(arg) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Whether {@code args} only ask for the version ({@code --version} or {@code -V}, with global
     * options at most): then no subcommand is needed at all.
     */
    static boolean versionOnly(String... args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--version") || arg.equals("-V")) {
                version = true;
            } else if (VALUE_OPTIONS.contains(arg)) {
                i++;
            } else if (!arg.equals("--verbose") && !VALUE_OPTIONS.contains(arg.split("=", 2)[0])) {
                return false;
            }
        }
        return version;
    }

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
