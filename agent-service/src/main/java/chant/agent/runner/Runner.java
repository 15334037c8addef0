package chant.agent.runner;

import chant.agent.git.Git;
import chant.agent.git.GitException;
import chant.agent.prompt.PromptChoice;
import chant.agent.prompt.PromptInput;
import chant.agent.prompt.PromptRenderer;
import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentProcess;
import chant.agent.provider.AgentProvider;
import chant.agent.provider.AgentTask;
import chant.agent.remote.AgentServiceClient;
import chant.agent.remote.RemoteException;
import chant.agent.remote.SpecServiceClient;
import chant.agent.sandbox.Sandbox;
import chant.agent.sandbox.SandboxSpec;
import chant.agent.work.Ending;
import chant.agent.work.LeaseLostException;
import chant.agent.work.Progress;
import chant.agent.work.RunTicket;
import chant.agent.work.SpecEnd;
import chant.agent.work.SpecResult;
import chant.agent.work.WorkSpec;
import chant.agent.workspace.RepositoryCache;
import chant.agent.workspace.RunWorkspace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run, start to end: prepare the checkout, run the agent in the sandbox, then finalize
 * (commit what is left, read the spec back, push the branch, report). The same code runs as a
 * local process and, later, in a Kubernetes Job; where it runs is the backend's business.
 *
 * <p>Exit codes: {@link #DONE} (the run was reported, whatever its outcome), {@link #LEASE_LOST}
 * (another runner or the service took over: nothing was reported), {@link #NOT_REPORTED} (the end
 * could not be reported; the service's lease sweep retries or fails the run).
 */
public final class Runner {

    public static final int DONE = 0;
    public static final int NOT_REPORTED = 1;
    public static final int LEASE_LOST = 4;

    static final int SPEC_FILE_MAX = 1024 * 1024;
    /** How long a runner whose agent is done waits for agent-service to confirm its lease (it may be restarting). */
    static final Duration FINALIZE_PATIENCE = Duration.ofMinutes(2);
    static final Map<String, String> AGENT_IDENTITY = Map.of(
            "GIT_AUTHOR_NAME", "chant agent", "GIT_AUTHOR_EMAIL", "agent@chant.invalid",
            "GIT_COMMITTER_NAME", "chant agent", "GIT_COMMITTER_EMAIL", "agent@chant.invalid");

    private final RunnerConfig config;
    private final AgentServiceClient agentService;
    private final SpecServiceClient specService;
    private final Sandbox sandbox;
    private final Providers providers;
    private final PromptRenderer prompts;
    private final Git git;
    private final Clock clock;
    private final PrintStream out;
    private final AtomicReference<AgentProcess> agent = new AtomicReference<>();

    Runner(RunnerConfig config, AgentServiceClient agentService, SpecServiceClient specService, Sandbox sandbox,
            Providers providers, PromptRenderer prompts, Git git, Clock clock, PrintStream out) {
        this.config = config;
        this.agentService = agentService;
        this.specService = specService;
        this.sandbox = sandbox;
        this.providers = providers;
        this.prompts = prompts;
        this.git = git;
        this.clock = clock;
        this.out = out;
    }

    /** How the agent step ended, for the report. */
    private record Work(Ending ending, SpecEnd specEnd, String reason, AgentOutcome outcome) {
    }

    int run() {
        RunTicket ticket;
        try {
            ticket = agentService.run(config.runId(), config.epoch());
        } catch (LeaseLostException e) {
            out.println("chant: run " + config.runId() + " is not ours: " + e.getMessage());
            return LEASE_LOST;
        }
        try (RunLog log = new RunLog(agentService, ticket, ticket.logSize(), out);
                Heartbeats beats = new Heartbeats(agentService, ticket, config.heartbeatSeconds(), log, this::stopAgent)) {
            log.accept("chant: run " + ticket.runId() + " (attempt " + ticket.attempt() + ") of spec " + ticket.specId()
                    + " in project " + ticket.project() + " with provider " + ticket.provider()
                    + (ticket.model().isEmpty() ? "" : ", model " + ticket.model()));
            int code = work(ticket, log, beats);
            log.close(30_000);
            return code;
        }
    }

    private int work(RunTicket ticket, RunLog log, Heartbeats beats) {
        RunWorkspace workspace = null;
        try {
            log.accept("chant: preparing the checkout");
            specService.start(ticket.project(), ticket.specId(), ticket.runId(), ticket.createdBy());
            WorkSpec spec = specService.load(ticket.project(), ticket.specId(), ticket.createdBy());
            if (spec.repoUrl().isBlank()) {
                return report(ticket, log, Ending.FAILED, "project " + spec.project() + " has no repository: set repo_url"
                        + " (chant project add --repo URL, or import a config.md that names it)", null);
            }
            workspace = RunWorkspace.of(git, new RepositoryCache(git, config.workRoot()), config.workRoot(),
                    ticket.project(), ticket.specId(), spec.branchPrefix());
            Optional<java.nio.file.Path> earlier = workspace.create(spec.repoUrl(), spec.defaultBranch(), spec.markdown(),
                    clock);
            earlier.ifPresent(kept -> log.accept("chant: an earlier checkout of this spec is kept at " + kept));
            log.accept("chant: checkout " + workspace.dir() + " on branch " + workspace.branch() + " from "
                    + workspace.baseCommit());
            beats.progress(Progress.RUNNING, workspace.baseCommit());

            String model = ticket.model().isEmpty() ? spec.model() : ticket.model();
            Work work = runAgent(ticket, spec, workspace, model, log, beats);
            // Nothing of the checkout is committed, pushed or reported before agent-service confirms the lease:
            // a runner cut off while its run was taken over must leave the branch, and the checkout the later
            // attempt works in, alone.
            if (!beats.confirm(Progress.FINALIZING, FINALIZE_PATIENCE)) {
                boolean lost = beats.stop() == Heartbeats.Stop.LEASE_LOST;
                log.accept("chant: stopped: " + (lost ? beats.stopReason() : "agent-service did not confirm the lease for "
                        + FINALIZE_PATIENCE.toSeconds() + " s, so nothing is pushed or reported") + "; " + kept(workspace));
                return lost ? LEASE_LOST : NOT_REPORTED;
            }
            return finalizeRun(ticket, spec, workspace, model, work, log);
        } catch (LeaseLostException e) {
            stopAgent();
            log.accept("chant: stopped: " + e.getMessage());
            return LEASE_LOST;
        } catch (RemoteException e) {
            return report(ticket, log, e.retryable() ? Ending.RETRYABLE_FAILURE : Ending.FAILED, e.getMessage(), null);
        } catch (GitException | IllegalArgumentException | java.io.UncheckedIOException e) {
            String kept = workspace == null ? "" : workspace.keep(clock).map(p -> " (the checkout stays at " + p + ")")
                    .orElse("");
            return report(ticket, log, Ending.FAILED, e.getMessage() + kept, null);
        }
    }

    /** Moves the checkout aside, if it is still this runner's, and says where it is. */
    private String kept(RunWorkspace workspace) {
        return workspace.keep(clock).map(p -> "the checkout stays at " + p)
                .orElse("the checkout was moved aside by a later attempt (under " + config.workRoot().resolve("kept") + ")");
    }

    private Work runAgent(RunTicket ticket, WorkSpec spec, RunWorkspace workspace, String model, RunLog log,
            Heartbeats beats) {
        AgentProvider provider;
        String prompt;
        try {
            provider = providers.named(ticket.provider());
            prompt = prompts.render(PromptChoice.of(ticket.prompt(), spec.prompt(), spec.defaultPrompt()),
                    new PromptInput(spec.project(), spec.specId(), spec.title(), spec.body(), spec.targetFiles(),
                            spec.context(), spec.informedBy(), workspace.branch(), workspace.dir()),
                    workspace.dir()).text();
        } catch (RuntimeException e) {
            return new Work(Ending.FAILED, SpecEnd.FAILED, e.getMessage(), null);
        }
        log.accept("chant: starting the agent (" + provider.name() + ")");
        try {
            AgentProcess process = provider.start(new AgentTask(workspace.dir(), Optional.empty(), ticket.specId(), prompt,
                    model, AGENT_IDENTITY), log);
            agent.set(process);
            if (beats.stop() != Heartbeats.Stop.NONE) {
                process.kill();
            }
            Instant deadline = clock.instant().plusSeconds(ticket.timeoutSeconds());
            while (true) {
                try {
                    AgentOutcome outcome = process.await(Duration.ofSeconds(1));
                    return judge(outcome, beats);
                } catch (TimeoutException e) {
                    if (clock.instant().isAfter(deadline)) {
                        process.kill();
                        log.accept("chant: the agent ran longer than the run's timeout of " + ticket.timeoutSeconds()
                                + " s and was stopped");
                        return new Work(Ending.FAILED, SpecEnd.FAILED, "timed out after " + ticket.timeoutSeconds() + " s",
                                null);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAgent();
            return new Work(Ending.RETRYABLE_FAILURE, SpecEnd.FAILED, "the runner was interrupted", null);
        } catch (IOException | RuntimeException e) {
            return new Work(Ending.FAILED, SpecEnd.FAILED, "the agent could not start: " + e.getMessage(), null);
        }
    }

    private static Work judge(AgentOutcome outcome, Heartbeats beats) {
        if (beats.stop() == Heartbeats.Stop.CANCELLED) {
            return new Work(Ending.CANCELLED, SpecEnd.FAILED, "cancelled while the agent worked", outcome);
        }
        if (outcome.succeeded()) {
            return new Work(Ending.SUCCEEDED, SpecEnd.COMPLETED, "", outcome);
        }
        return new Work(Ending.FAILED, SpecEnd.FAILED, outcome.failureReason().orElse("the agent failed"), outcome);
    }

    private int finalizeRun(RunTicket ticket, WorkSpec spec, RunWorkspace workspace, String model, Work work, RunLog log) {
        log.accept("chant: finalizing");
        commitLeftovers(ticket, workspace, log);
        String body = null;
        try {
            body = SpecFile.bodyAfterTitle(workspace.readSpec(SPEC_FILE_MAX));
        } catch (IOException e) {
            log.accept("chant: the spec file is not taken back: " + e.getMessage());
        }
        if (body != null && work.outcome() != null) {
            body = SpecFile.withAgentOutput(body, work.outcome().finalText().orElse(""), clock.instant());
        }
        String head = workspace.head();
        List<String> commits = workspace.newCommits(head);
        SpecEnd end = work.specEnd();
        String reason = work.reason();
        boolean pushed = false;
        if (!commits.isEmpty()) {
            try {
                workspace.publish();
                pushed = true;
                log.accept("chant: pushed " + commits.size() + " commit" + (commits.size() == 1 ? "" : "s") + " to "
                        + workspace.branch());
            } catch (GitException e) {
                end = SpecEnd.NEEDS_ATTENTION;
                reason = "the branch could not be pushed: " + e.getMessage();
                log.accept("chant: " + reason);
            }
        } else if (end == SpecEnd.COMPLETED) {
            end = SpecEnd.NEEDS_ATTENTION;
            reason = "no commits: the agent finished without committing any work";
        }
        String where = "";
        if (pushed || commits.isEmpty() && end != SpecEnd.NEEDS_ATTENTION && work.ending() == Ending.SUCCEEDED) {
            workspace.remove();
        } else {
            where = " (" + kept(workspace) + ")";
        }
        log.accept("chant: the spec goes to " + end.name().toLowerCase(java.util.Locale.ROOT)
                + (reason.isEmpty() ? "" : ": " + reason) + where);
        SpecResult result = new SpecResult(ticket.runId(), ticket.project(), ticket.specId(), body, commits,
                commits.isEmpty() ? "" : workspace.branch(), end == SpecEnd.COMPLETED ? clock.instant().toString() : "",
                model, end, reason + where);
        AgentOutcome outcome = work.outcome();
        return report(ticket, log, work.ending(), reason + where, result, head,
                outcome == null ? null : outcome.costUsd().orElse(null),
                outcome == null ? null : outcome.usage().map(u -> u.inputTokens()).orElse(null),
                outcome == null ? null : outcome.usage().map(u -> u.outputTokens()).orElse(null));
    }

    /** Commits what the agent left uncommitted, inside the sandbox (nothing of the repository runs outside it). */
    private void commitLeftovers(RunTicket ticket, RunWorkspace workspace, RunLog log) {
        SandboxSpec spec = SandboxSpec.forWorktree(workspace.dir())
                .env("PATH", "/usr/local/bin:/usr/bin:/bin").env("LANG", "C.UTF-8").env(AGENT_IDENTITY)
                .dieWithParent(true).build();
        String status = inSandbox(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "status", "--porcelain"), log);
        if (status == null || status.isBlank()) {
            return;
        }
        String message = "chant(" + ticket.specId() + "): work left uncommitted by the agent";
        if (inSandbox(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "add", "-A"), log) != null
                && inSandbox(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message), log)
                        != null) {
            log.accept("chant: committed what the agent left: " + message);
        }
    }

    private String inSandbox(SandboxSpec spec, List<String> command, RunLog log) {
        try {
            Process p = sandbox.processBuilder(spec, command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                log.accept("chant: " + String.join(" ", command) + " did not finish");
                return null;
            }
            if (p.exitValue() != 0) {
                log.accept("chant: " + String.join(" ", command) + " failed: " + output.strip());
                return null;
            }
            return output;
        } catch (IOException e) {
            log.accept("chant: " + String.join(" ", command) + " could not start: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int report(RunTicket ticket, RunLog log, Ending ending, String reason, SpecResult result) {
        log.accept("chant: " + ending.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
        return report(ticket, log, ending, reason, result, "", null, null, null);
    }

    private int report(RunTicket ticket, RunLog log, Ending ending, String reason, SpecResult result, String head,
            java.math.BigDecimal cost, Long input, Long output) {
        log.close(30_000);
        Instant giveUp = clock.instant().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                agentService.finish(ticket, ending, head, cost, input, output, reason, result);
                out.println("chant: run " + ticket.runId() + " reported: " + ending);
                return DONE;
            } catch (LeaseLostException e) {
                out.println("chant: the run was taken over before its end was reported: " + e.getMessage());
                return LEASE_LOST;
            } catch (RemoteException e) {
                if (!e.retryable() || clock.instant().isAfter(giveUp)) {
                    out.println("chant: the end of run " + ticket.runId() + " could not be reported: " + e.getMessage());
                    return NOT_REPORTED;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return NOT_REPORTED;
                }
            }
        }
    }

    private void stopAgent() {
        AgentProcess process = agent.get();
        if (process != null) {
            process.kill();
        }
    }
}
