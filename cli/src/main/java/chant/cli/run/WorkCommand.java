package chant.cli.run;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.EnqueueRunRequest;
import chant.v1.RenderPromptRequest;
import chant.v1.Run;
import chant.cli.Interrupts;
import chant.v1.GetSpecRequest;
import chant.v1.Spec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chant work <id>}: runs an agent on a spec and follows its log until the run ends. On a
 * driver it works the driver's members, and with {@code --label} or {@code --chain} many specs
 * ({@link WorkBatch}).
 */
@Command(name = "work", mixinStandardHelpOptions = true,
        description = {"Run an agent on a ready spec: queue a run with agent-service, print its log as it is "
                + "written, then how the run ended and the spec's new status.",
                "On a driver (a spec with members ID.1, ID.2, ...) it works the members in order, stopping at the first "
                        + "that does not complete (the driver then fails), or --parallel N at once. --label works the "
                        + "specs with that label that are ready now; --chain keeps taking the next ready spec (of the "
                        + "label, if given) until none is left, one fails, or --chain-max runs were started.",
                "Exit code 0 when the run succeeded and the spec is completed; 8 failed, 9 cancelled, 10 timed out, "
                        + "11 lost, 12 the spec is not completed (needs_attention, failed, result refused), 13 the "
                        + "result has not reached spec-service yet. Ctrl-C stops following, not the run (exit 130).",
                "With --dry-run: print the prompt the run would get and exit 0, queueing nothing."})
public final class WorkCommand extends RunCommand {
    static final int MAX_RUN_TIMEOUT = 86_400;

    static final int MAX_PARALLEL = 64;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The spec: full ID or a short form.")
    String id;

    @Option(names = "--label", paramLabel = "LABEL", split = ",",
            description = "Work the ready specs with this label (any of several: --label a,b) instead of one spec.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--chain", description = "Keep taking the next ready spec (of --label, if given) until none is left.")
    boolean chain;

    @Option(names = "--chain-max", paramLabel = "N", description = "With --chain: start at most N runs.")
    Integer chainMax;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Run up to N specs at once (members of a driver, --label, --chain); 1 to " + MAX_PARALLEL
                    + ". Prints a line per start and end instead of the logs, and goes on past a failure.")
    Integer parallel;

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

    @Option(names = "--dry-run", description = "Print the prompt a run would get now (the template chosen as for a run, "
            + "the repository's files from the branch the run would start from) and queue nothing.")
    boolean dryRun;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        checkOptions();
        String project = project(connection);
        if (dryRun) {
            if (id == null || parallel != null || detach) {
                throw new CliException(ExitCodes.USAGE, "--dry-run prints the prompt of one spec's run: name the spec, "
                        + "without --label, --chain, --parallel or --detach");
            }
            return printPrompt(connection, RenderPromptRequest.newBuilder().setProject(project).setSpecId(id)
                    .setPrompt(prompt == null ? "" : prompt.strip()).build());
        }
        if (id == null) {
            List<String> wanted = labels.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return new SpecBatches(this, connection, project, batch(connection)).labelled(wanted, chain);
        }
        Spec spec = connection.specs().getSpec(GetSpecRequest.newBuilder().setProject(project).setId(id).build()).getSpec();
        List<Spec> members = SpecBatches.members(connection, project, spec.getId());
        if (!members.isEmpty()) {
            if (detach) {
                throw new CliException(ExitCodes.USAGE, spec.getId() + " is a driver with " + members.size()
                        + " members, which chant work follows one after another: leave out --detach");
            }
            return new SpecBatches(this, connection, project, batch(connection)).group(spec, members);
        }
        if (parallel != null) {
            throw new CliException(ExitCodes.USAGE, "--parallel works several specs (the members of a driver, --label, "
                    + "--chain), and " + spec.getId() + " has no members");
        }
        Run run = enqueue(connection, request(project, spec.getId()));
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

    private void checkOptions() {
        if (runTimeout != null && (runTimeout < 1 || runTimeout > MAX_RUN_TIMEOUT)) {
            throw new CliException(ExitCodes.USAGE, "--run-timeout must be 1 to " + MAX_RUN_TIMEOUT + " seconds, not "
                    + runTimeout);
        }
        if (parallel != null && (parallel < 1 || parallel > MAX_PARALLEL)) {
            throw new CliException(ExitCodes.USAGE, "--parallel must be 1 to " + MAX_PARALLEL + ", not " + parallel);
        }
        if (chainMax != null && (!chain || chainMax < 1)) {
            throw new CliException(ExitCodes.USAGE, chain ? "--chain-max must be at least 1, not " + chainMax
                    : "--chain-max goes with --chain");
        }
        boolean many = chain || !labels.isEmpty();
        if (id != null && many) {
            throw new CliException(ExitCodes.USAGE, "name one spec or use --label/--chain, not both");
        }
        if (id == null && !many) {
            throw new CliException(ExitCodes.USAGE, "name the spec to work (chant work ID), or --label LABEL, or --chain");
        }
        if (many && detach) {
            throw new CliException(ExitCodes.USAGE, "--detach starts one run; --label and --chain follow their runs to the "
                    + "end: leave out --detach");
        }
        if (!labels.isEmpty() && labels.stream().allMatch(String::isBlank)) {
            throw new CliException(ExitCodes.USAGE, "--label needs a label");
        }
    }

    /** The EnqueueRun request for one spec, with this command's options. */
    EnqueueRunRequest request(String project, String specId) {
        return EnqueueRunRequest.newBuilder()
                .setProject(project)
                .setSpecId(specId)
                .setProvider(provider == null ? "" : provider.strip())
                .setModel(model == null ? "" : model.strip())
                .setPrompt(prompt == null ? "" : prompt.strip())
                .setTimeoutSeconds(runTimeout == null ? 0 : runTimeout)
                .setRequestId(UUID.randomUUID().toString())
                .build();
    }

    /** The batch that works several specs with this command's options; each run is queued and followed as one. */
    private WorkBatch batch(Connection connection) {
        int max = chainMax != null ? chainMax : Integer.MAX_VALUE;
        WorkBatch.Runs runs = new WorkBatch.Runs() {
            @Override
            public Run enqueue(Spec spec) {
                return WorkCommand.this.enqueue(connection, request(spec.getProject(), spec.getId()));
            }

            @Override
            public int follow(Run run) throws InterruptedException {
                out().println(RunText.runOf(run) + " " + RunText.status(run) + " (" + RunText.provider(run) + ")");
                out().flush();
                return followToEnd(connection, run, "chant log " + run.getSpecId() + " --follow");
            }

            @Override
            public Run get(long runId) {
                return getRun(connection, runId);
            }
        };
        return new WorkBatch(runs, context().timing(), out(), parallel == null ? 1 : parallel, max, interrupted::get);
    }

    /** Set by Ctrl-C while a batch follows runs in parallel (one at a time, following the log handles it). */
    private final AtomicBoolean interrupted = new AtomicBoolean();

    /** Stops following a parallel batch at Ctrl-C, saying that its runs go on. */
    Interrupts.Registration onInterrupt() {
        return context().interrupts().onInterrupt(() -> {
            interrupted.set(true);
            err().println();
            err().println("chant: stopped following; the runs go on (see them with chant runs --status running)");
            err().flush();
        });
    }

    PrintWriter output() {
        return out();
    }
}
