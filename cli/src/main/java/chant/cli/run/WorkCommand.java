package chant.cli.run;

import chant.cli.CliException;
import chant.cli.config.Service;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.cli.rpc.Connection;
import chant.v1.EnqueueRunRequest;
import chant.v1.Run;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant work <id>}: runs an agent on a spec and follows its log until the run ends. */
@Command(name = "work", mixinStandardHelpOptions = true,
        description = {"Run an agent on a ready spec: queue a run with agent-service, print its log as it is "
                + "written, then how the run ended and the spec's new status.",
                "Exit code 0 when the run succeeded and the spec is completed; 8 failed, 9 cancelled, 10 timed out, "
                        + "11 lost, 12 the spec is not completed (needs_attention, failed, result refused), 13 the "
                        + "result has not reached spec-service yet. Ctrl-C stops following, not the run (exit 130)."})
public final class WorkCommand extends RunCommand {
    static final int MAX_RUN_TIMEOUT = 86_400;

    @Parameters(paramLabel = "ID", description = "The spec: full ID or a short form.")
    String id;

    @Option(names = "--provider", paramLabel = "PROVIDER",
            description = "The agent: claude (the Claude Code CLI), openai (an OpenAI-compatible endpoint with the platform's"
                    + " tool loop), command (the agent CLI agent-service is configured with) or demo (follows the chant-demo"
                    + " block in the spec); else agent-service's default.")
    String provider;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model the agent is asked to use (else the provider's default).")
    String model;

    @Option(names = "--prompt", paramLabel = "TEMPLATE",
            description = "The prompt template (else the spec's, else the project's default).")
    String prompt;

    @Option(names = "--run-timeout", paramLabel = "SECONDS",
            description = "How long one attempt of the run may take, 1 to 86400 (else agent-service's default, one hour).")
    Integer runTimeout;

    @Option(names = "--detach", description = "Print the run ID and return at once; follow later with chant log ID --follow.")
    boolean detach;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        if (runTimeout != null && (runTimeout < 1 || runTimeout > MAX_RUN_TIMEOUT)) {
            throw new CliException(ExitCodes.USAGE, "--run-timeout must be 1 to " + MAX_RUN_TIMEOUT + " seconds, not "
                    + runTimeout);
        }
        EnqueueRunRequest request = EnqueueRunRequest.newBuilder()
                .setProject(project(connection))
                .setSpecId(id)
                .setProvider(provider == null ? "" : provider.strip())
                .setModel(model == null ? "" : model.strip())
                .setPrompt(prompt == null ? "" : prompt.strip())
                .setTimeoutSeconds(runTimeout == null ? 0 : runTimeout)
                .setRequestId(UUID.randomUUID().toString())
                .build();
        Run run = enqueue(connection, request);
        String followAgain = "chant log " + run.getSpecId() + " --follow";
        String queued = RunText.runOf(run) + " " + RunText.status(run) + " (" + RunText.provider(run) + ")";
        if (detach) {
            out().println(run.getId());
            err().println(queued + "; follow it with " + followAgain);
            return ExitCodes.OK;
        }
        out().println(queued);
        out().flush();
        return followToEnd(connection, run, followAgain);
    }

    /**
     * EnqueueRun, asked once more when the first answer is UNAVAILABLE or DEADLINE_EXCEEDED: the
     * same request ID makes agent-service return the run of the first attempt if that one stored
     * it. The second attempt waits (up to --timeout) for agent-service to be reachable, so that a
     * restart in between is waited out.
     */
    private Run enqueue(Connection connection, EnqueueRunRequest request) {
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
}
