package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.ListRunsRequest;
import chant.v1.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant log <id>}: the log of a spec's newest run, or of one run; live with --follow. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Print the log of a spec's newest run, or of run N, as stored now.",
                "With --follow, print it live until the run ends, then how it ended; the exit code is then "
                        + "chant work's (0 only when the run succeeded and the spec is completed)."})
public final class LogCommand extends RunCommand {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The spec (full ID or a short form): its newest run.")
    String id;

    @Option(names = "--run", paramLabel = "N", description = "Run N instead of a spec's newest run.")
    Long runId;

    @Option(names = {"--follow", "-f"}, description = "Follow the log until the run ends (Ctrl-C stops following, not the run).")
    boolean follow;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        if ((id == null) == (runId == null)) {
            throw new CliException(ExitCodes.USAGE, id == null ? "name a spec ID or --run N"
                    : "name a spec ID or --run N, not both");
        }
        Run run = runId != null ? getRun(connection, runId) : newestRun(connection);
        if (!follow) {
            printLog(connection, run.getId());
            return ExitCodes.OK;
        }
        out().println(RunText.runOf(run) + " " + RunText.status(run) + " (" + RunText.provider(run) + ")");
        out().flush();
        String followAgain = runId != null ? "chant log --run " + runId + " --follow"
                : "chant log " + run.getSpecId() + " --follow";
        return followToEnd(connection, run, followAgain);
    }

    private Run newestRun(Connection connection) {
        ListRunsRequest request = ListRunsRequest.newBuilder()
                .setProject(project(connection)).setSpecId(id).setPageSize(1).build();
        SpecRuns runs = specRuns(connection, request);
        if (runs.page().getRunsCount() == 0) {
            String spec = runs.request().getSpecId();
            throw new CliException(ExitCodes.NOT_FOUND, "spec " + spec + " has no runs (start one with chant work "
                    + spec + ")");
        }
        return runs.page().getRuns(0);
    }
}
