package chant.cli.run;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.Interrupts;
import chant.cli.config.Service;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.error.StatusMessages;
import chant.v1.EnqueueRunRequest;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.ListRunsRequest;
import chant.v1.ListRunsResponse;
import chant.v1.RenderPromptRequest;
import chant.v1.RenderPromptResponse;
import chant.v1.ResolveSpecIdRequest;
import chant.v1.Run;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the run commands share: reading and following a run's log, the end of a run, the runs of a spec. */
abstract class RunCommand extends ClientCommand {

    /** The run with this ID. */
    protected Run getRun(Connection connection, long id) {
        return connection.runs().getRun(GetRunRequest.newBuilder().setRunId(id).build()).getRun();
    }

    /**
     * Prints the log of run {@code runId} as stored now, byte for byte (as text), and returns. A
     * stream broken by a restart of agent-service is resumed where it broke.
     */
    protected void printLog(Connection connection, long runId) throws InterruptedException {
        Utf8Output output = new Utf8Output(out());
        try {
            logFollow(connection, false).run(FollowLogRequest.newBuilder().setRunId(runId).setFollow(false).build(),
                    listener(runId, output));
        } catch (LogFollow.GaveUpException e) {
            throw gaveUp(connection, runId, "stopped reading the log of run " + runId, e);
        } finally {
            output.finish();
        }
    }

    /**
     * EnqueueRun, asked once more when the first answer is UNAVAILABLE or DEADLINE_EXCEEDED: the
     * same request ID makes agent-service return the run of the first attempt if that one stored
     * it. The second attempt waits (up to --timeout) for agent-service to be reachable, so that a
     * restart in between is waited out.
     */
    protected Run enqueue(Connection connection, EnqueueRunRequest request) {
        try {
            return connection.runs().enqueueRun(request).getRun();
        } catch (StatusRuntimeException first) {
            Status.Code code = first.getStatus().getCode();
            if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                throw first;
            }
            String where = "agent-service at " + connection.address(Service.AGENT);
            err().println("chant: " + (code == Status.Code.UNAVAILABLE ? "cannot reach " + where : where + " did not answer")
                    + "; asking once more (the same request: the run is queued once)");
            err().flush();
            try {
                return connection.runs().withWaitForReady().enqueueRun(request).getRun();
            } catch (StatusRuntimeException second) {
                if (code == Status.Code.UNAVAILABLE && second.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    // It waited for a connection all along: still unreachable.
                    throw StatusMessages.toCliException(first.getStatus(), Service.AGENT,
                            connection.address(Service.AGENT), null, second);
                }
                throw second;
            }
        }
    }

    /**
     * A dry run: prints the prompt a run would get now (RenderPrompt: nothing is queued, the spec is not
     * changed) to standard output, and where it came from to standard error. Exit code 0.
     */
    protected int printPrompt(Connection connection, RenderPromptRequest request) {
        RenderPromptResponse prompt = connection.runs().renderPrompt(request);
        String commit = prompt.getSourceCommit();
        err().println("chant: the prompt a run of " + prompt.getSpecId() + " would get: template " + prompt.getTemplate()
                + " (" + prompt.getOrigin() + "), files from " + prompt.getSourceBranch() + " at "
                + commit.substring(0, Math.min(12, commit.length())) + "; nothing was queued");
        err().flush();
        out().print(prompt.getText());
        out().flush();
        return ExitCodes.OK;
    }

    /**
     * Prints {@code run}'s log live until the run has ended, then the line that says how it ended
     * (after waiting a little for its result to reach the spec), and returns the exit code of that
     * end. Ctrl-C stops following, not the run, and says {@code followAgain}.
     */
    protected int followToEnd(Connection connection, Run run, String followAgain) throws InterruptedException {
        Integer interrupted = followLog(connection, run, followAgain);
        if (interrupted != null) {
            return interrupted;
        }
        Run ended = RunEnd.awaitDelivery(getRun(connection, run.getId()), () -> getRun(connection, run.getId()),
                context().timing());
        RunEnd.Report report = RunEnd.report(ended);
        out().println(report.line());
        out().flush();
        return report.exitCode();
    }

    /**
     * Prints {@code run}'s log live until the run has ended (or Ctrl-C, which stops following, not the
     * run, and says {@code followAgain}). Returns null when the log was followed to its end, else the
     * exit code.
     */
    protected Integer followLog(Connection connection, Run run, String followAgain) throws InterruptedException {
        long runId = run.getId();
        Utf8Output output = new Utf8Output(out());
        AtomicBoolean interrupted = new AtomicBoolean();
        Context.CancellableContext call = Context.current().withCancellation();
        Interrupts.Registration registration = context().interrupts().onInterrupt(() -> {
            interrupted.set(true);
            err().println();
            err().println("chant: stopped following run " + runId + "; the run goes on (follow it again: "
                    + followAgain + ")");
            err().flush();
            call.cancel(null);
        });
        Context previous = call.attach();
        try {
            logFollow(connection, true).run(FollowLogRequest.newBuilder().setRunId(runId).setFollow(true).build(),
                    listener(runId, output));
        } catch (StatusRuntimeException e) {
            if (interrupted.get()) {
                return ExitCodes.INTERRUPTED;
            }
            throw e;
        } catch (LogFollow.GaveUpException e) {
            throw gaveUp(connection, runId, "stopped following run " + runId + ", which goes on without chant "
                    + "(follow it again: " + followAgain + ")", e);
        } finally {
            call.detach(previous);
            registration.close();
            call.cancel(null);
        }
        if (interrupted.get()) {
            return ExitCodes.INTERRUPTED;
        }
        output.finish();
        if (!output.atLineStart()) {
            out().println();
        }
        return null;
    }

    /**
     * The first page of the runs of a spec, newest first. {@code request} names the spec as the
     * user gave it: agent-service knows runs by their spec's full ID only, so when it has none under
     * that ID, spec-service resolves it (a short form such as {@code x7m}) and the runs of the full ID
     * are listed. The returned request names the spec by the ID that was used, for further pages.
     */
    protected SpecRuns specRuns(Connection connection, ListRunsRequest request) {
        ListRunsResponse page = connection.runs().listRuns(request);
        if (page.getRunsCount() > 0) {
            return new SpecRuns(request, page);
        }
        String fullId = connection.specs().resolveSpecId(ResolveSpecIdRequest.newBuilder()
                .setProject(request.getProject()).setQuery(request.getSpecId()).build()).getId();
        if (fullId.equals(request.getSpecId())) {
            return new SpecRuns(request, page);
        }
        ListRunsRequest resolved = request.toBuilder().setSpecId(fullId).build();
        return new SpecRuns(resolved, connection.runs().listRuns(resolved));
    }

    /** A page of a spec's runs and the request that listed it. */
    protected record SpecRuns(ListRunsRequest request, ListRunsResponse page) {
    }

    private LogFollow logFollow(Connection connection, boolean follow) {
        return new LogFollow((request, onConnected) -> (follow ? connection.runLogFollow(onConnected)
                : connection.runLogRead(onConnected)).followLog(request), context().timing());
    }

    private LogFollow.Listener listener(long runId, Utf8Output output) {
        return new LogFollow.Listener() {
            @Override
            public void bytes(ByteString data) {
                output.write(data);
            }

            @Override
            public void reconnecting(Status status, Duration pause, long offset) {
                out().flush();
                err().println("chant: lost the log stream of run " + runId + " ("
                        + status.getCode() + "); reconnecting in " + pause.toMillis() / 1000.0 + " s, resuming at byte "
                        + offset);
                err().flush();
            }
        };
    }

    private static CliException gaveUp(Connection connection, long runId, String what, LogFollow.GaveUpException e) {
        return new CliException(ExitCodes.UNAVAILABLE, "cannot reach agent-service at " + connection.address(Service.AGENT)
                + " for " + LogFollow.GIVE_UP_AFTER.toMinutes() + " minutes; " + what, e);
    }
}
