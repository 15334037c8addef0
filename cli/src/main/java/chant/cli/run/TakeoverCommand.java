package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.FollowLogRequest;
import chant.v1.GetProjectRequest;
import chant.v1.LogChunk;
import chant.v1.Project;
import chant.v1.Run;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chant takeover <id>}: stops a spec's run and hands its checkout to a person, with what to do next. */
@Command(name = "takeover", mixinStandardHelpOptions = true,
        description = {"Take over a spec's active run: its agent is stopped, nothing is committed or pushed, its "
                + "checkout is kept as the agent left it, and the spec is paused with a note saying where.",
                "Prints the checkout's path (on the agent-service host), its branch and base commit, the last lines of "
                        + "the run's log, and what to do next."})
public final class TakeoverCommand extends HoldCommand {
    /** How much of the log's end is read for its last lines. */
    static final int LOG_TAIL_BYTES = 8192;
    static final int LOG_TAIL_LINES = 12;

    @Parameters(paramLabel = "ID", description = "The spec (full ID or a short form).")
    String id;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        Run active = activeRun(connection, id).orElseThrow(() -> new CliException(ExitCodes.PRECONDITION,
                "spec " + id + " has no active run to take over (chant runs --spec " + id + " lists its runs)"));
        Project project = connection.projects().getProject(GetProjectRequest.newBuilder()
                .setName(active.getProject()).build()).getProject();
        Run run = pauseAndAwait(connection, active.getId(), true);
        if (run.getKeptCheckout().isEmpty()) {
            throw new CliException(ExitCodes.PRECONDITION, "run " + run.getId() + " of " + run.getSpecId() + " "
                    + RunText.status(run) + " without a checkout to take over: " + run.getEndReason() + specAfter(run));
        }
        String spec = run.getSpecId();
        String branch = project.getBranchPrefix() + spec;
        String remote = project.getRepoUrl().isBlank() ? "<the project's repository>" : project.getRepoUrl();
        out().println("run " + run.getId() + " of " + spec + " taken over: its agent was stopped; nothing was committed or"
                + " pushed" + specAfter(run));
        out().println("checkout: " + run.getKeptCheckout() + " (on the agent-service host)");
        out().println("branch:   " + branch + (run.getBaseCommit().isEmpty() ? "" : ", started from "
                + run.getBaseCommit()));
        List<String> tail = logTail(connection, run);
        if (!tail.isEmpty()) {
            out().println("last lines of the log (chant log --run " + run.getId() + " has it all):");
            tail.forEach(line -> out().println("  " + line));
        }
        out().println("next:");
        out().println("  cd " + run.getKeptCheckout());
        out().println("  git add -A && git commit -m 'chant(" + spec + "): ...'");
        out().println("  git push " + remote + " " + branch);
        out().println("  then chant work " + spec + " lets an agent continue from the pushed branch, or finish it by hand;");
        out().println("  chant cleanup removes the checkout once its work is pushed");
        return ExitCodes.OK;
    }

    /** The last lines of the run's log, read from near its end. */
    private List<String> logTail(Connection connection, Run run) {
        long from = Math.max(0, run.getLogSize() - LOG_TAIL_BYTES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Iterator<LogChunk> chunks = connection.runs().followLog(FollowLogRequest.newBuilder().setRunId(run.getId())
                .setOffset(from).setFollow(false).build());
        chunks.forEachRemaining(chunk -> bytes.writeBytes(chunk.getData().toByteArray()));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        if (from > 0 && !lines.isEmpty()) {
            lines = lines.subList(1, lines.size()); // the first line is cut
        }
        return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    }
}
