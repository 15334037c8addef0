package chant.agent.runner;

import chant.support.git.Git;
import chant.support.git.GitException;
import chant.agent.prompt.PromptChoice;
import chant.agent.prompt.PromptInput;
import chant.agent.prompt.PromptRenderer;
import chant.agent.provider.AgentOutcome;
import chant.agent.provider.AgentProcess;
import chant.agent.provider.AgentProvider;
import chant.agent.provider.AgentTask;
import chant.agent.remote.AgentServiceClient;
import chant.agent.secret.Redactor;
import chant.agent.secret.Secret;
import chant.support.remote.RemoteException;
import chant.agent.remote.SpecServiceClient;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import chant.agent.split.ProposedMember;
import chant.agent.split.SplitAnswer;
import chant.agent.split.SplitRefusedException;
import chant.agent.work.Ending;
import chant.agent.work.NewMember;
import chant.agent.work.RunKind;
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
 * could not be reported; the service's lease sweep retries or fails the run), {@link #NOT_RETRYABLE}
 * (the runner was started wrongly: starting it again the same way changes nothing; a Kubernetes Job's
 * {@code podFailurePolicy} fails the Job at once on it, and on {@link #LEASE_LOST}).
 */
public final class Runner {

    public static final int DONE = 0;
    public static final int NOT_REPORTED = 1;
    public static final int LEASE_LOST = 4;
    /** The runner's configuration (its environment, its assignment) is wrong: a restart would fail the same way. */
    public static final int NOT_RETRYABLE = 2;

    static final int SPEC_FILE_MAX = 1024 * 1024;
    /** How long a runner whose agent is done waits for agent-service to confirm its lease (it may be restarting). */
    static final Duration FINALIZE_PATIENCE = Duration.ofMinutes(2);
    /** How long a runner tries to read its run while agent-service cannot be reached. */
    static final Duration FIRST_CALL_PATIENCE = Duration.ofMinutes(2);
    /** How long a runner tries to report its end while agent-service cannot be reached. */
    static final Duration REPORT_PATIENCE = Duration.ofMinutes(2);
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
    record Work(Ending ending, SpecEnd specEnd, String reason, AgentOutcome outcome) {
    }

    int run() {
        RunTicket ticket;
        try {
            ticket = firstCall();
        } catch (LeaseLostException e) {
            out.println("chant: run " + config.runId() + " is not ours: " + e.getMessage());
            return LEASE_LOST;
        } catch (RemoteException e) {
            out.println("chant: run " + config.runId() + " cannot be read: " + e.getMessage());
            return e.retryable() ? NOT_REPORTED : NOT_RETRYABLE;
        }
        try (RunLog log = new RunLog(agentService, ticket, ticket.logSize(), out,
                Redactor.none().alsoCutShort(Secret.of(config.runToken())));
                Heartbeats beats = new Heartbeats(agentService, ticket, config.heartbeatSeconds(), log, this::stopAgent)) {
            log.accept("chant: run " + ticket.runId() + " (attempt " + ticket.attempt() + ") of spec " + ticket.specId()
                    + " in project " + ticket.project() + " with provider " + ticket.provider()
                    + (ticket.model().isEmpty() ? "" : ", model " + ticket.model()));
            int code = work(ticket, log, beats);
            log.close(30_000);
            return code;
        }
    }

    /**
     * Reads the run, trying every second while agent-service cannot be reached, for at most
     * {@link #FIRST_CALL_PATIENCE}: the replica that handed the run over may have gone in the meantime
     * (stopped, killed, rolled), and the service's address reaches another replica or the restarted one.
     * Once the lease has run out meanwhile, the answer names a later epoch and the run is not ours.
     */
    private RunTicket firstCall() {
        java.util.concurrent.atomic.AtomicBoolean missed = new java.util.concurrent.atomic.AtomicBoolean();
        RunTicket ticket = whileUnreachable(FIRST_CALL_PATIENCE, e -> {
            missed.set(true);
            out.println("chant: agent-service cannot be reached (" + e.getMessage() + "); trying every second for up to "
                    + FIRST_CALL_PATIENCE.toSeconds() + " s");
        }, () -> agentService.run(config.runId(), config.epoch()));
        if (missed.get()) {
            out.println("chant: agent-service answers again");
        }
        return ticket;
    }

    /**
     * {@code call}, tried again every second while agent-service cannot be reached, for at most
     * {@code patience}; {@code firstMiss} hears of the first time it could not. A refusal, the last miss
     * after the patience, or an interrupt throws the {@link RemoteException}.
     */
    private <T> T whileUnreachable(Duration patience, java.util.function.Consumer<RemoteException> firstMiss,
            java.util.function.Supplier<T> call) {
        Instant giveUp = clock.instant().plus(patience);
        boolean missed = false;
        while (true) {
            try {
                return call.get();
            } catch (RemoteException e) {
                if (!e.retryable() || clock.instant().isAfter(giveUp)) {
                    throw e;
                }
                if (!missed) {
                    firstMiss.accept(e);
                    missed = true;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private int work(RunTicket ticket, RunLog log, Heartbeats beats) {
        if (ticket.kind() == RunKind.SPLIT) {
            return new SplitWork(ticket, log, beats).run();
        }
        if (ticket.kind() == RunKind.VERIFY) {
            return new VerifyWork(this, config, specService, sandbox, git, ticket, log, beats).run();
        }
        if (ticket.kind() == RunKind.MERGE_CONFLICT) {
            return new MergeConflictWork(this, config, specService, sandbox, prompts, git, clock, ticket, log, beats).run();
        }
        RunWorkspace workspace = null;
        try {
            log.accept("chant: preparing the checkout");
            SpecServiceClient.WorkProject project = specService.project(ticket.project(), ticket.createdBy());
            if (project.repoUrl().isBlank()) {
                specService.start(ticket.project(), ticket.specId(), ticket.runId(), ticket.createdBy());
                return report(ticket, log, Ending.FAILED, "project " + project.name() + " has no repository: set repo_url"
                        + " (chant project add --repo URL, or import a config.md that names it)", null);
            }
            workspace = RunWorkspace.of(git, new RepositoryCache(git, config.workRoot()), config.workRoot(),
                    ticket.project(), ticket.specId(), project.branchPrefix());
            WorkSpec spec = prepare(ticket, project, workspace, log);
            log.accept("chant: checkout " + workspace.dir() + " on branch " + workspace.branch() + " from "
                    + workspace.baseCommit());
            beats.progress(Progress.RUNNING, workspace.baseCommit());

            String model = ticket.model().isEmpty() ? spec.model() : ticket.model();
            RunWorkspace checkout = workspace;
            Work work = runAgent(ticket, workspace, model, log, beats, () -> prompts.render(
                    PromptChoice.of(ticket.prompt(), spec.prompt(), spec.defaultPrompt()),
                    PromptInput.of(spec, checkout.branch(), checkout.dir()), checkout.dir()).text());
            // Nothing of the checkout is committed, pushed or reported before agent-service confirms the lease:
            // a runner cut off while its run was taken over must leave the branch, and the checkout the later
            // attempt works in, alone.
            if (!beats.confirm(Progress.FINALIZING, FINALIZE_PATIENCE)) {
                boolean lost = beats.stop() == Heartbeats.Stop.LEASE_LOST;
                log.accept("chant: stopped: " + (lost ? beats.stopReason() : "agent-service did not confirm the lease for "
                        + FINALIZE_PATIENCE.toSeconds() + " s, so nothing is pushed or reported") + "; "
                        + keptText(keep(workspace)));
                return lost ? LEASE_LOST : NOT_REPORTED;
            }
            if (beats.stop() == Heartbeats.Stop.PAUSED) {
                return pause(ticket, spec, workspace, model, beats.takeover(), log);
            }
            return finalizeRun(ticket, spec, workspace, model, work, log);
        } catch (LeaseLostException e) {
            stopAgent();
            log.accept("chant: stopped: " + e.getMessage());
            return LEASE_LOST;
        } catch (RemoteException e) {
            return report(ticket, log, e.retryable() ? Ending.RETRYABLE_FAILURE : Ending.FAILED, e.getMessage(), null);
        } catch (GitException | IllegalArgumentException | java.io.UncheckedIOException e) {
            Optional<java.nio.file.Path> kept = workspace == null ? Optional.empty() : keep(workspace);
            String where = kept.map(p -> " (the checkout stays at " + p + ")").orElse("");
            log.accept("chant: failed: " + e.getMessage() + where);
            return report(ticket, log, Ending.FAILED, e.getMessage() + where, null, "", null, null, null,
                    kept.map(Object::toString).orElse(""));
        }
    }

    /**
     * Starts and loads the spec (three spec-service calls) on another thread while this one makes the
     * checkout (four git processes): neither needs the other, and the spec file is written into the
     * checkout once both are done. A refusal from spec-service wins over a git failure, as when the
     * spec was started first: the checkout just made is removed (nothing has worked in it) and the
     * refusal is reported.
     */
    private WorkSpec prepare(RunTicket ticket, SpecServiceClient.WorkProject project, RunWorkspace workspace,
            RunLog log) {
        java.util.concurrent.CompletableFuture<WorkSpec> started = new java.util.concurrent.CompletableFuture<>();
        Thread specThread = new Thread(() -> {
            try {
                specService.start(ticket.project(), ticket.specId(), ticket.runId(), ticket.createdBy());
                started.complete(specService.load(project, ticket.specId(), ticket.createdBy()));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "spec-start-" + ticket.runId());
        specThread.setDaemon(true);
        specThread.start();
        Optional<java.nio.file.Path> earlier;
        try {
            earlier = workspace.create(project.repoUrl(), project.defaultBranch(), clock);
        } catch (RuntimeException gitFailure) {
            await(started, workspace);
            throw gitFailure;
        }
        earlier.ifPresent(kept -> log.accept("chant: an earlier checkout of this spec is kept at " + kept));
        WorkSpec spec = await(started, workspace);
        workspace.writeSpec(spec.markdown());
        return spec;
    }

    /** The started spec, or spec-service's failure (the checkout removed first). */
    private static WorkSpec await(java.util.concurrent.CompletableFuture<WorkSpec> started, RunWorkspace workspace) {
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            workspace.remove();
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Moves the checkout aside, if it is still this runner's (a later attempt may have moved it); where it went. */
    Optional<java.nio.file.Path> keep(RunWorkspace workspace) {
        try {
            return workspace.keep(clock);
        } catch (java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Says where a kept checkout is. */
    String keptText(Optional<java.nio.file.Path> kept) {
        return kept.map(p -> "the checkout stays at " + p)
                .orElse("the checkout was moved aside by a later attempt (under " + config.workRoot().resolve("kept") + ")");
    }

    /**
     * A person paused the run (or takes it over): the agent is stopped already. Nothing is committed
     * or pushed; the checkout is kept as the agent left it, uncommitted changes included, and the end
     * reports where. A takeover appends a note to the spec saying where the work is and what to do next.
     */
    int pause(RunTicket ticket, WorkSpec spec, RunWorkspace workspace, String model, boolean takeover,
            RunLog log) {
        Optional<java.nio.file.Path> kept = keep(workspace);
        String reason = kept.map(p -> "checkout kept at " + p).orElse(keptText(kept));
        log.accept("chant: " + (takeover ? "taken over" : "paused") + ": the agent was stopped; nothing was committed or"
                + " pushed; " + reason + " (branch " + workspace.branch() + ", started from " + workspace.baseCommit() + ")");
        String body = takeover && kept.isPresent() ? TakeoverNote.appendTo(spec.body(), new TakeoverNote(ticket.runId(),
                ticket.specId(), kept.get().toString(), workspace.branch(), workspace.baseCommit(), spec.repoUrl(),
                clock.instant())) : null;
        SpecResult result = new SpecResult(ticket.runId(), ticket.project(), ticket.specId(), body, List.of(), "", "",
                model, SpecEnd.PAUSED, reason);
        return report(ticket, log, Ending.CANCELLED, reason, result, "", null, null, null,
                kept.map(Object::toString).orElse(""));
    }

    /** Renders the prompt and runs the agent on it in the checkout, until it ends, times out or is cancelled. */
    private Work runAgent(RunTicket ticket, RunWorkspace workspace, String model, RunLog log, Heartbeats beats,
            java.util.function.Supplier<String> renderPrompt) {
        return runAgent(ticket, workspace, model, log, beats, renderPrompt,
                clock.instant().plusSeconds(ticket.timeoutSeconds()));
    }

    /** As above, stopping the agent at {@code deadline} (a merge-conflict run's rounds share the run's timeout). */
    Work runAgent(RunTicket ticket, RunWorkspace workspace, String model, RunLog log, Heartbeats beats,
            java.util.function.Supplier<String> renderPrompt, Instant deadline) {
        AgentProvider provider;
        String prompt;
        try {
            provider = providers.named(ticket.provider());
            prompt = renderPrompt.get();
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
        if (beats.stop() == Heartbeats.Stop.PAUSED) {
            return new Work(Ending.CANCELLED, SpecEnd.PAUSED, "paused while the agent worked", outcome);
        }
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
        String statusHead = commitLeftovers(ticket, workspace, log);
        String body = null;
        try {
            body = SpecFile.bodyAfterTitle(workspace.readSpec(SPEC_FILE_MAX));
        } catch (IOException e) {
            log.accept("chant: the spec file is not taken back: " + e.getMessage());
        }
        if (body != null && work.outcome() != null) {
            body = SpecFile.withAgentOutput(body, work.outcome().finalText().orElse(""), clock.instant());
        }
        String head = statusHead != null ? statusHead : workspace.head();
        List<String> commits = workspace.newCommits(head);
        SpecEnd end = work.specEnd();
        String reason = work.reason();
        boolean pushed = false;
        if (!commits.isEmpty()) {
            try {
                workspace.publish(head);
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
        String keptPath = "";
        if (pushed || commits.isEmpty() && end != SpecEnd.NEEDS_ATTENTION && work.ending() == Ending.SUCCEEDED) {
            workspace.remove();
        } else {
            Optional<java.nio.file.Path> kept = keep(workspace);
            keptPath = kept.map(Object::toString).orElse("");
            where = " (" + keptText(kept) + ")";
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
                outcome == null ? null : outcome.usage().map(u -> u.outputTokens()).orElse(null), keptPath);
    }

    /**
     * A split run: the agent reads a detached checkout of the default branch and answers with the spec's
     * members; the runner checks the answer, creates the members in spec-service (each with a request ID
     * of this run and its number, so that a retried attempt gets the members the first one created, not
     * new ones) and makes the spec a group. Nothing is committed, pushed or delivered to the spec; the
     * checkout is removed whatever happens (nothing in it is kept).
     */
    private final class SplitWork {

        private final RunTicket ticket;
        private final RunLog log;
        private final Heartbeats beats;

        SplitWork(RunTicket ticket, RunLog log, Heartbeats beats) {
            this.ticket = ticket;
            this.log = log;
            this.beats = beats;
        }

        int run() {
            RunWorkspace workspace = null;
            try {
                if (!ticket.splitPlan().isEmpty()) {
                    // An earlier attempt checked the agent's answer and may have created some members: create
                    // exactly those, not what the agent might answer this time.
                    List<ProposedMember> members = SplitAnswer.fromPlan(ticket.splitPlan());
                    log.accept("chant: an earlier attempt recorded the agent's " + members.size() + " member"
                            + (members.size() == 1 ? "" : "s") + ": creating those (the agent is not asked again)");
                    beats.progress(Progress.RUNNING, "");
                    if (!beats.confirm(Progress.FINALIZING, FINALIZE_PATIENCE)) {
                        boolean lost = beats.stop() == Heartbeats.Stop.LEASE_LOST;
                        log.accept("chant: stopped: " + (lost ? beats.stopReason() : "agent-service did not confirm the"
                                + " lease for " + FINALIZE_PATIENCE.toSeconds() + " s, so no member is created"));
                        return lost ? LEASE_LOST : NOT_REPORTED;
                    }
                    return create(ticket.specId(), members, null);
                }
                log.accept("chant: preparing a checkout to read (a split: nothing is committed or pushed)");
                WorkSpec spec = specService.load(ticket.project(), ticket.specId(), ticket.createdBy());
                if (spec.repoUrl().isBlank()) {
                    return report(ticket, log, Ending.FAILED, "project " + spec.project() + " has no repository: set"
                            + " repo_url (chant project add --repo URL, or import a config.md that names it)", null);
                }
                workspace = RunWorkspace.of(git, new RepositoryCache(git, config.workRoot()), config.workRoot(),
                        ticket.project(), ticket.specId(), spec.branchPrefix());
                Optional<java.nio.file.Path> earlier = workspace.createToRead(spec.repoUrl(), spec.defaultBranch(),
                        spec.markdown(), clock);
                earlier.ifPresent(kept -> log.accept("chant: an earlier checkout of this spec is kept at " + kept));
                log.accept("chant: checkout " + workspace.dir() + " of " + spec.defaultBranch() + " at "
                        + workspace.baseCommit());
                beats.progress(Progress.RUNNING, workspace.baseCommit());
                String model = ticket.model().isEmpty() ? spec.model() : ticket.model();
                RunWorkspace checkout = workspace;
                Work work = runAgent(ticket, workspace, model, log, beats, () -> prompts.render(
                        PromptChoice.of(ticket.prompt(), null, null),
                        PromptInput.of(spec, spec.defaultBranch(), checkout.dir()), checkout.dir(),
                        SplitAnswer.instruction(spec.specId())).text());
                if (!beats.confirm(Progress.FINALIZING, FINALIZE_PATIENCE)) {
                    boolean lost = beats.stop() == Heartbeats.Stop.LEASE_LOST;
                    workspace.remove();
                    log.accept("chant: stopped: " + (lost ? beats.stopReason() : "agent-service did not confirm the lease"
                            + " for " + FINALIZE_PATIENCE.toSeconds() + " s, so no member is created or reported"));
                    return lost ? LEASE_LOST : NOT_REPORTED;
                }
                workspace.remove();
                AgentOutcome outcome = work.outcome();
                if (work.ending() != Ending.SUCCEEDED) {
                    return finish(work.ending(), work.reason(), outcome);
                }
                List<ProposedMember> members;
                try {
                    members = SplitAnswer.parse(outcome.finalText().orElse(""));
                } catch (SplitRefusedException e) {
                    log.accept("chant: " + e.getMessage());
                    return finish(Ending.FAILED, e.getMessage(), outcome);
                }
                log.accept("chant: the agent proposes " + members.size() + " member" + (members.size() == 1 ? "" : "s"));
                // Kept with the run before any member exists, so that a later attempt creates these same members.
                members = SplitAnswer.fromPlan(agentService.recordSplitPlan(ticket, SplitAnswer.toPlan(members)));
                return create(spec.specId(), members, outcome);
            } catch (LeaseLostException e) {
                stopAgent();
                log.accept("chant: stopped: " + e.getMessage());
                return LEASE_LOST;
            } catch (SplitRefusedException e) {
                return finish(Ending.FAILED, "the recorded plan cannot be read: " + e.getMessage(), null);
            } catch (RemoteException e) {
                removeQuietly(workspace);
                return report(ticket, log, e.retryable() ? Ending.RETRYABLE_FAILURE : Ending.FAILED, e.getMessage(), null);
            } catch (GitException | IllegalArgumentException | java.io.UncheckedIOException e) {
                removeQuietly(workspace);
                return report(ticket, log, Ending.FAILED, e.getMessage(), null);
            }
        }

        /**
         * Creates the members in order (each with a request ID of this run and its number: spec-service returns
         * a member an earlier attempt created instead of a second one) and makes the spec a group.
         */
        private int create(String specId, List<ProposedMember> members, AgentOutcome outcome) {
            try {
                List<SpecServiceClient.Created> created = new java.util.ArrayList<>();
                for (ProposedMember member : members) {
                    SpecServiceClient.Created one = specService.createMember(new NewMember(ticket.project(),
                            specId, member.title(), member.body(), member.targetFiles(),
                            member.dependsOn().stream().map(n -> created.get(n - 1).id()).toList(),
                            "split-run-" + ticket.runId() + "-member-" + member.number()), ticket.createdBy());
                    created.add(one);
                    log.accept("chant: created " + one.id() + " " + one.title()
                            + (member.dependsOn().isEmpty() ? "" : " (depends on " + member.dependsOn().stream()
                                    .map(n -> created.get(n - 1).id()).collect(java.util.stream.Collectors.joining(", "))
                                    + ")"));
                }
                specService.makeGroup(ticket.project(), specId, ticket.createdBy());
                String reason = "split " + specId + " into " + created.size() + " member"
                        + (created.size() == 1 ? "" : "s") + ": " + created.stream().map(c -> c.id() + " " + c.title())
                                .collect(java.util.stream.Collectors.joining("; "));
                log.accept("chant: " + specId + " is a group now");
                return finish(Ending.SUCCEEDED, reason, outcome);
            } catch (RemoteException e) {
                return report(ticket, log, e.retryable() ? Ending.RETRYABLE_FAILURE : Ending.FAILED, e.getMessage(), null);
            }
        }

        private int finish(Ending ending, String reason, AgentOutcome outcome) {
            log.accept("chant: " + ending.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
            return report(ticket, log, ending, reason, null, "",
                    outcome == null ? null : outcome.costUsd().orElse(null),
                    outcome == null ? null : outcome.usage().map(u -> u.inputTokens()).orElse(null),
                    outcome == null ? null : outcome.usage().map(u -> u.outputTokens()).orElse(null), "");
        }

        private void removeQuietly(RunWorkspace workspace) {
            if (workspace != null) {
                workspace.remove();
            }
        }
    }

    /**
     * Commits what the agent left uncommitted, inside the sandbox (nothing of the repository runs outside
     * it). Returns the checkout's HEAD as {@code git status} reported it when there was nothing to commit
     * (one process answers both), else null: the caller reads the HEAD after the commit.
     */
    private String commitLeftovers(RunTicket ticket, RunWorkspace workspace, RunLog log) {
        SandboxSpec spec = SandboxSpec.forWorktree(workspace.dir())
                .env("PATH", "/usr/local/bin:/usr/bin:/bin").env("LANG", "C.UTF-8").env(AGENT_IDENTITY)
                .dieWithParent(true).build();
        String status = inSandbox(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "status", "--porcelain=v2",
                "--branch"), log);
        if (status == null) {
            return null;
        }
        GitStatus read = GitStatus.parse(status);
        if (!read.changed()) {
            return read.head().orElse(null);
        }
        String message = "chant(" + ticket.specId() + "): work left uncommitted by the agent";
        if (inSandbox(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "add", "-A"), log) != null
                && inSandbox(spec, List.of("git", "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message), log)
                        != null) {
            log.accept("chant: committed what the agent left: " + message);
        }
        return null;
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

    int report(RunTicket ticket, RunLog log, Ending ending, String reason, SpecResult result) {
        log.accept("chant: " + ending.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
        return report(ticket, log, ending, reason, result, "", null, null, null, "");
    }

    int report(RunTicket ticket, RunLog log, Ending ending, String reason, SpecResult result, String head,
            java.math.BigDecimal cost, Long input, Long output, String keptCheckout) {
        return report(ticket, log, ending, reason, result, head, cost, input, output, keptCheckout, Optional.empty());
    }

    /** Reports the end, trying for two minutes while agent-service cannot be reached; a verify run with its result. */
    int report(RunTicket ticket, RunLog log, Ending ending, String reason, SpecResult result, String head,
            java.math.BigDecimal cost, Long input, Long output, String keptCheckout,
            Optional<chant.support.verify.Verification> verification) {
        log.close(30_000);
        try {
            whileUnreachable(REPORT_PATIENCE, e -> { }, () -> {
                agentService.finish(ticket, ending, head, cost, input, output, reason, result, keptCheckout,
                        verification);
                return null;
            });
            out.println("chant: run " + ticket.runId() + " reported: " + ending);
            return DONE;
        } catch (LeaseLostException e) {
            out.println("chant: the run was taken over before its end was reported: " + e.getMessage());
            return LEASE_LOST;
        } catch (RemoteException e) {
            out.println("chant: the end of run " + ticket.runId() + " could not be reported: " + e.getMessage());
            return NOT_REPORTED;
        }
    }

    private void stopAgent() {
        AgentProcess process = agent.get();
        if (process != null) {
            process.kill();
        }
    }
}
