package chant.cli;

import chant.cli.config.ClientConfig;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.ListProjectsRequest;
import chant.v1.Project;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the services: resolves the global settings, opens the connection,
 * runs, closes it, and turns a gRPC status into the one line and exit code users see.
 */
@Command(versionProvider = ChantCommand.Version.class)
public abstract class ClientCommand implements Callable<Integer> {
    /** Width of tables when $COLUMNS is not exported. */
    public static final int DEFAULT_WIDTH = 100;

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        ClientConfig config = ClientConfig.resolve(root().global(), context().settings());
        try (Connection connection = Connection.open(context().channels(), config)) {
            try {
                return run(connection);
            } catch (StatusRuntimeException | StatusException e) {
                throw connection.toCliException(Status.fromThrowable(e), e);
            }
        }
    }

    /** The command's work; returns the exit code. */
    protected abstract int run(Connection connection) throws Exception;

    protected CliContext context() {
        return root().context();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * The project to work in: the one named by flag, environment or config file, else the
     * server's only project.
     */
    protected String project(Connection connection) {
        Optional<String> chosen = connection.config().project();
        if (chosen.isPresent()) {
            return chosen.get();
        }
        List<Project> projects = connection.projects()
                .listProjects(ListProjectsRequest.getDefaultInstance()).getProjectsList();
        if (projects.size() == 1) {
            return projects.get(0).getName();
        }
        String names = projects.isEmpty()
                ? "none yet: create one with chant project add NAME"
                : projects.stream().map(Project::getName).collect(Collectors.joining(", "));
        throw new CliException(ExitCodes.USAGE,
                "no project chosen: pass --project NAME or set CHANT_PROJECT (projects: " + names + ")");
    }

    /** $COLUMNS when the shell exports it (at least 40), else 100: the width tables fit into. */
    protected int width() {
        return context().settings().env("COLUMNS").map(columns -> {
            try {
                return Math.max(40, Integer.parseInt(columns));
            } catch (NumberFormatException e) {
                return DEFAULT_WIDTH;
            }
        }).orElse(DEFAULT_WIDTH);
    }

    private ChantCommand root() {
        return (ChantCommand) spec.root().userObject();
    }
}
