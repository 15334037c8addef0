package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.EnqueueRunRequest;
import chant.v1.RenderPromptRequest;
import chant.v1.Run;
import chant.v1.RunKind;
import chant.v1.RunStatus;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chant split <id>}: an agent reads the code and proposes the spec's members; agent-service's
 * runner creates them as {@code <id>.1 ... <id>.N} and makes the spec a group. Queued, followed and
 * ended like {@code chant work}; at the end the members are listed.
 */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a pending spec into members: queue a split run with agent-service (the agent reads the "
                + "code on the default branch and answers with the members; nothing is committed or pushed), print its "
                + "log as it is written, then the members it created (<id>.1 ... <id>.N); the spec becomes a group.",
                "Exit code 0 when the spec was split; 8 failed (the reason names what was wrong with the answer), "
                        + "9 cancelled, 10 timed out, 11 lost. Ctrl-C stops following, not the run (exit 130).",
                "With --dry-run: print the prompt the split run would get and exit 0, queueing nothing."})
public final class SplitCommand extends RunCommand {

    @Parameters(paramLabel = "ID", description = "The spec: full ID or a short form. It must be pending and have no members.")
    String id;

    @Option(names = "--provider", paramLabel = "PROVIDER",
            description = "The agent: claude (the default) or demo (its answer comes from the chant-demo block in the spec).")
    String provider;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model the agent is asked to use (else the provider's default).")
    String model;

    @Option(names = "--run-timeout", paramLabel = "SECONDS",
            description = "How long one attempt of the run may take, 1 to 86400 (else agent-service's default, one hour).")
    Integer runTimeout;

    @Option(names = "--detach", description = "Print the run ID and return at once; follow later with chant log ID --follow.")
    boolean detach;

    @Option(names = "--dry-run", description = "Print the prompt the split run would get now and queue nothing.")
    boolean dryRun;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        if (runTimeout != null && (runTimeout < 1 || runTimeout > WorkCommand.MAX_RUN_TIMEOUT)) {
            throw new CliException(ExitCodes.USAGE, "--run-timeout must be 1 to " + WorkCommand.MAX_RUN_TIMEOUT
                    + " seconds, not " + runTimeout);
        }
        String project = project(connection);
        if (dryRun) {
            return printPrompt(connection, RenderPromptRequest.newBuilder().setProject(project).setSpecId(id)
                    .setKind(RunKind.RUN_KIND_SPLIT).build());
        }
        Run run = enqueue(connection, EnqueueRunRequest.newBuilder()
                .setProject(project)
                .setSpecId(id)
                .setKind(RunKind.RUN_KIND_SPLIT)
                .setProvider(provider == null ? "" : provider.strip())
                .setModel(model == null ? "" : model.strip())
                .setTimeoutSeconds(runTimeout == null ? 0 : runTimeout)
                .setRequestId(UUID.randomUUID().toString())
                .build());
        String followAgain = "chant log " + run.getSpecId() + " --follow";
        String queued = "split " + RunText.runOf(run) + " " + RunText.status(run) + " (" + RunText.provider(run) + ")";
        if (detach) {
            out().println(run.getId());
            err().println(queued + "; follow it with " + followAgain);
            return ExitCodes.OK;
        }
        out().println(queued);
        out().flush();
        Integer interrupted = followLog(connection, run, followAgain);
        if (interrupted != null) {
            return interrupted;
        }
        Run ended = getRun(connection, run.getId());
        if (ended.getStatus() != RunStatus.RUN_STATUS_SUCCEEDED) {
            RunEnd.Report report = RunEnd.report(ended);
            out().println(report.line());
            out().flush();
            return report.exitCode();
        }
        // The members are the specs whose driver the spec is (its direct ones: <parent>.N).
        String parent = ended.getSpecId();
        List<chant.v1.Spec> members = connection.specs().listSpecs(chant.v1.ListSpecsRequest.newBuilder()
                .setProject(project).setDriver(parent).setPageSize(1000).build()).getSpecsList().stream()
                .filter(member -> member.getId().indexOf('.', parent.length() + 1) < 0)
                .sorted(Comparator.comparingLong(member -> memberNumber(member.getId())))
                .toList();
        out().println("run " + ended.getId() + " succeeded; spec " + parent + " is a group of " + members.size()
                + " member" + (members.size() == 1 ? "" : "s") + ":");
        for (chant.v1.Spec member : members) {
            out().println("  " + member.getId() + "  " + member.getTitle());
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** N of {@code <driver>.N}, for the order ({@code .10} after {@code .2}). */
    private static long memberNumber(String id) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
