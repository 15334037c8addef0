package chant.agent.runner;

import chant.agent.prompt.PromptChoice;
import chant.agent.prompt.PromptInput;
import chant.agent.prompt.PromptRenderer;
import chant.agent.provider.AgentOutcome;
import chant.agent.remote.SpecServiceClient;
import chant.agent.work.Ending;
import chant.agent.work.LeaseLostException;
import chant.agent.work.MergeConflict;
import chant.agent.work.Progress;
import chant.agent.work.RunTicket;
import chant.agent.work.SpecEnd;
import chant.agent.work.SpecResult;
import chant.agent.work.WorkSpec;
import chant.agent.workspace.InsideFiles;
import chant.agent.workspace.RepositoryCache;
import chant.agent.workspace.RunWorkspace;
import chant.support.git.Git;
import chant.support.git.GitException;
import chant.support.remote.RemoteException;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A merge-conflict run: the spec's existing branch is checked out from the remote and rebased onto the
 * remote's target branch. Where the rebase stops with conflicts, the agent resolves the files of that round
 * (the prompt names them, the target and the branch); the runner then refuses to go on while a conflict
 * marker remains, stages the files and continues the rebase, round after round (one per commit that
 * conflicts), all inside the sandbox: the checkout is the agent's, so nothing of it runs outside. When the
 * rebase is complete and no marker is left, the rebased branch is pushed with
 * {@code --force-with-lease=<branch>:<the head it started from>}: a branch that moved meanwhile is never
 * overwritten. The spec then completes again with the rebased commits; any failure leaves it needing
 * attention, with the checkout kept and the files named.
 *
 * <p>Why a rebase with a round per commit and not one merge of the target into the branch: the branch stays
 * a line of the spec's own commits on top of the target, which every merge strategy (fast-forward included)
 * takes as it is, and each round shows the agent one commit's intent against the target.
 */
final class MergeConflictWork {

    /** More commits that conflict than this is no longer a conflict to resolve but work to redo. */
    static final int MAX_ROUNDS = 20;
    /** The largest file checked for conflict markers; a larger conflicting file fails the run. */
    static final int FILE_MAX = 16 * 1024 * 1024;
    static final Duration GIT_LIMIT = Duration.ofMinutes(5);
    /** A conflict marker git writes: a line starting with seven of {@code <}, {@code >} or {@code |}. */
    private static final Pattern MARKER = Pattern.compile("(?m)^(<{7}|>{7}|\\|{7})( |$)");

    private final Runner runner;
    private final RunnerConfig config;
    private final SpecServiceClient specService;
    private final Sandbox sandbox;
    private final PromptRenderer prompts;
    private final Git git;
    private final Clock clock;
    private final RunTicket ticket;
    private final RunLog log;
    private final Heartbeats beats;
    private final Usage usage = new Usage();

    MergeConflictWork(Runner runner, RunnerConfig config, SpecServiceClient specService, Sandbox sandbox,
            PromptRenderer prompts, Git git, Clock clock, RunTicket ticket, RunLog log, Heartbeats beats) {
        this.runner = runner;
        this.config = config;
        this.specService = specService;
        this.sandbox = sandbox;
        this.prompts = prompts;
        this.git = git;
        this.clock = clock;
        this.ticket = ticket;
        this.log = log;
        this.beats = beats;
    }

    /** The run ends here: why, for the spec and the run alike. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    int run() {
        String target = ticket.targetBranch();
        RunWorkspace workspace = null;
        WorkSpec spec = null;
        String model = ticket.model();
        try {
            log.accept("chant: preparing the checkout of the spec's branch, to rebase it onto " + target);
            specService.startResolving(ticket.project(), ticket.specId(), ticket.runId(), target, ticket.createdBy());
            spec = specService.load(ticket.project(), ticket.specId(), ticket.createdBy());
            if (spec.repoUrl().isBlank()) {
                return runner.report(ticket, log, Ending.FAILED, "project " + spec.project() + " has no repository: set"
                        + " repo_url (chant project add --repo URL, or import a config.md that names it)", null);
            }
            model = ticket.model().isEmpty() ? spec.model() : ticket.model();
            workspace = RunWorkspace.of(git, new RepositoryCache(git, config.workRoot()), config.workRoot(),
                    ticket.project(), ticket.specId(), spec.branchPrefix());
            Optional<Path> earlier = workspace.createToResolve(spec.repoUrl(), target, spec.markdown(), clock);
            earlier.ifPresent(kept -> log.accept("chant: an earlier checkout of this spec is kept at " + kept));
            log.accept("chant: checkout " + workspace.dir() + " on branch " + workspace.branch() + " at "
                    + workspace.baseCommit() + "; rebasing it onto " + target + " at " + workspace.ontoCommit());
            beats.progress(Progress.RUNNING, workspace.baseCommit());
            Optional<Integer> stopped = resolve(workspace, spec, model);
            if (stopped.isPresent()) {
                return stopped.get();
            }
            return publish(workspace, model);
        } catch (LeaseLostException e) {
            log.accept("chant: stopped: " + e.getMessage());
            return Runner.LEASE_LOST;
        } catch (RemoteException e) {
            return runner.report(ticket, log, e.retryable() ? Ending.RETRYABLE_FAILURE : Ending.FAILED, e.getMessage(),
                    null);
        } catch (Refused | GitException | RunWorkspace.BranchMovedException | IllegalArgumentException
                | java.io.UncheckedIOException e) {
            return fail(workspace, model, e.getMessage());
        }
    }

    /**
     * Rebases and has the agent resolve each round; empty when the rebase is complete, else the runner's exit
     * code (the run was stopped, paused or reported).
     */
    private Optional<Integer> resolve(RunWorkspace workspace, WorkSpec spec, String model) {
        Instant deadline = clock.instant().plusSeconds(ticket.timeoutSeconds());
        SandboxSpec inside = SandboxSpec.forWorktree(workspace.dir())
                .env("PATH", "/usr/local/bin:/usr/bin:/bin").env("LANG", "C.UTF-8").env(Runner.AGENT_IDENTITY)
                .env("GIT_EDITOR", "true").dieWithParent(true).build();
        Step step = gitInside(inside, "rebase", "refs/remotes/origin/" + ticket.targetBranch());
        Set<String> resolved = new LinkedHashSet<>();
        for (int round = 1; rebaseInProgress(workspace); round++) {
            List<String> files = conflictingFiles(inside);
            if (files.isEmpty()) {
                // Stopped without a conflict: the resolution left the commit empty (its change is on the target).
                log.accept("chant: the rebase stopped without a conflict (" + step.output() + "): skipping the commit,"
                        + " whose change the target holds already");
                step = gitInside(inside, "rebase", "--skip");
                if (rebaseInProgress(workspace) && conflictingFiles(inside).isEmpty() && step.exitCode() != 0) {
                    throw new Refused("the rebase onto " + ticket.targetBranch() + " cannot continue: " + step.output());
                }
                continue;
            }
            if (round > MAX_ROUNDS) {
                throw new Refused("the rebase onto " + ticket.targetBranch() + " conflicted in more than " + MAX_ROUNDS
                        + " commits: resolve it by hand; the files of the last one: " + String.join(", ", files));
            }
            String stoppedAt = git.tryRun(workspace.dir(), List.of("rev-parse", "--verify", "--quiet", "REBASE_HEAD"),
                    Duration.ofMinutes(1)).output();
            log.accept("chant: round " + round + ": the rebase stopped at " + abbreviated(stoppedAt)
                    + " with conflicts in " + String.join(", ", files) + "; starting the agent");
            MergeConflict conflict = new MergeConflict(workspace.branch(), ticket.targetBranch(), stoppedAt, files, round);
            PromptInput input = PromptInput.resolving(spec, workspace.dir(), conflict);
            Runner.Work work = runner.runAgent(ticket, workspace, model, log, beats, () -> prompts.render(
                    PromptChoice.of(ticket.prompt(), null, null), input, workspace.dir(),
                    PromptRenderer.resolveInstruction(input)).text(), deadline);
            usage.add(work.outcome());
            // Nothing more happens in the checkout before agent-service confirms the lease: a runner cut off while
            // its run was taken over must leave the later attempt's checkout alone.
            Optional<Integer> interrupted = confirmLease(workspace, spec, model, Progress.RUNNING);
            if (interrupted.isPresent()) {
                return interrupted;
            }
            if (work.ending() != Ending.SUCCEEDED) {
                throw new Refused("round " + round + ": " + work.reason());
            }
            List<String> marked = withMarkers(workspace.dir(), files);
            if (!marked.isEmpty()) {
                throw new Refused("conflict markers remain in " + String.join(", ", marked) + " after round " + round
                        + " (the rebase onto " + ticket.targetBranch() + " stopped at " + abbreviated(stoppedAt)
                        + "): nothing was pushed");
            }
            resolved.addAll(files);
            List<String> add = new ArrayList<>(List.of("add", "-A", "--"));
            add.addAll(files);
            Step staged = gitInside(inside, add.toArray(String[]::new));
            if (staged.exitCode() != 0) {
                throw new Refused("the resolved files could not be staged: " + staged.output());
            }
            step = gitInside(inside, "rebase", "--continue");
            log.accept("chant: round " + round + " resolved " + String.join(", ", files)
                    + (rebaseInProgress(workspace) ? "; the rebase goes on" : "; the rebase is complete"));
        }
        if (step.exitCode() != 0) {
            throw new Refused("the rebase onto " + ticket.targetBranch() + " failed: " + step.output());
        }
        Optional<Integer> interrupted = confirmLease(workspace, spec, model, Progress.FINALIZING);
        if (interrupted.isPresent()) {
            return interrupted;
        }
        checkComplete(workspace, resolved);
        return Optional.empty();
    }

    /** Pushes the rebased branch (compare-and-swap on the head it started from) and reports the spec completed. */
    private int publish(RunWorkspace workspace, String model) {
        String head = workspace.head();
        List<String> commits = workspace.rebasedCommits(head);
        String reason;
        if (head.equals(workspace.baseCommit())) {
            reason = "branch " + workspace.branch() + " contains " + ticket.targetBranch() + " already: nothing to rebase";
        } else {
            workspace.publishRebased();
            reason = "rebased " + workspace.branch() + " onto " + ticket.targetBranch() + " ("
                    + abbreviated(workspace.ontoCommit()) + ") and pushed it: " + commits.size() + " commit"
                    + (commits.size() == 1 ? "" : "s") + ", head " + abbreviated(head);
        }
        workspace.remove();
        log.accept("chant: " + reason + "; the spec is completed again");
        SpecResult result = new SpecResult(ticket.runId(), ticket.project(), ticket.specId(), null, commits,
                workspace.branch(), clock.instant().toString(), model, SpecEnd.COMPLETED, reason, true);
        return runner.report(ticket, log, Ending.SUCCEEDED, reason, result, head, usage.cost, usage.input, usage.output,
                "");
    }

    /**
     * The lease holds (else the run is left to the attempt that took it over) and no pause was asked for (else
     * the checkout is kept for the person); empty when the run goes on.
     */
    private Optional<Integer> confirmLease(RunWorkspace workspace, WorkSpec spec, String model, Progress next) {
        if (!beats.confirm(next, Runner.FINALIZE_PATIENCE)) {
            boolean lost = beats.stop() == Heartbeats.Stop.LEASE_LOST;
            log.accept("chant: stopped: " + (lost ? beats.stopReason() : "agent-service did not confirm the lease for "
                    + Runner.FINALIZE_PATIENCE.toSeconds() + " s, so nothing is pushed or reported") + "; "
                    + runner.keptText(runner.keep(workspace)));
            return Optional.of(lost ? Runner.LEASE_LOST : Runner.NOT_REPORTED);
        }
        if (beats.stop() == Heartbeats.Stop.PAUSED) {
            return Optional.of(runner.pause(ticket, spec, workspace, model, beats.takeover(), log));
        }
        if (beats.stop() == Heartbeats.Stop.CANCELLED) {
            Optional<Path> kept = runner.keep(workspace);
            String reason = "cancelled while resolving; " + runner.keptText(kept);
            log.accept("chant: " + reason);
            return Optional.of(runner.report(ticket, log, Ending.CANCELLED, reason, new SpecResult(ticket.runId(),
                    ticket.project(), ticket.specId(), null, List.of(), "", "", model, SpecEnd.NEEDS_ATTENTION, reason),
                    "", usage.cost, usage.input, usage.output, kept.map(Object::toString).orElse("")));
        }
        return Optional.empty();
    }

    /**
     * Nothing is pushed unless the rebase is complete, the checkout is on the branch, and no file that conflicted
     * holds a marker as committed.
     */
    private void checkComplete(RunWorkspace workspace, Set<String> resolved) {
        if (rebaseInProgress(workspace)) {
            throw new Refused("the rebase onto " + ticket.targetBranch() + " is not complete: nothing was pushed");
        }
        String on = git.tryRun(workspace.dir(), List.of("rev-parse", "--symbolic-full-name", "HEAD"),
                Duration.ofMinutes(1)).output();
        if (!on.equals("refs/heads/" + workspace.branch())) {
            throw new Refused("the checkout is not on branch " + workspace.branch() + " after the rebase (HEAD is "
                    + (on.isEmpty() ? "detached" : on) + "): nothing was pushed");
        }
        List<String> marked = new ArrayList<>();
        for (String file : resolved) {
            Git.Result blob = git.tryRun(workspace.dir(), List.of("cat-file", "blob", "HEAD:" + file), GIT_LIMIT);
            if (blob.exitCode() == 0 && MARKER.matcher(blob.output()).find()) {
                marked.add(file);
            }
        }
        if (!marked.isEmpty()) {
            throw new Refused("conflict markers were committed in " + String.join(", ", marked) + ": nothing was pushed");
        }
    }

    /** Ends the run failed, the spec needing attention, the checkout kept and named. */
    private int fail(RunWorkspace workspace, String model, String why) {
        Optional<Path> kept = workspace == null ? Optional.empty() : runner.keep(workspace);
        String reason = why + kept.map(p -> " (the checkout stays at " + p + ")").orElse("");
        log.accept("chant: failed: " + reason);
        SpecResult result = new SpecResult(ticket.runId(), ticket.project(), ticket.specId(), null, List.of(), "", "",
                model, SpecEnd.NEEDS_ATTENTION, reason);
        return runner.report(ticket, log, Ending.FAILED, reason, result, "", usage.cost, usage.input, usage.output,
                kept.map(Object::toString).orElse(""));
    }

    /** The files of {@code files} in the worktree that hold a conflict marker (or cannot be read as a file). */
    static List<String> withMarkers(Path worktree, List<String> files) {
        List<String> marked = new ArrayList<>();
        for (String file : files) {
            try {
                Path path = InsideFiles.resolve(worktree, file);
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // resolved by deleting it
                }
                if (MARKER.matcher(InsideFiles.readText(worktree, file, FILE_MAX)).find()) {
                    marked.add(file);
                }
            } catch (IOException e) {
                marked.add(file + " (" + e.getMessage() + ")");
            }
        }
        return marked;
    }

    private static boolean rebaseInProgress(RunWorkspace workspace) {
        Path gitDir = workspace.dir().resolve(".git");
        return Files.isDirectory(gitDir.resolve("rebase-merge"), LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(gitDir.resolve("rebase-apply"), LinkOption.NOFOLLOW_LINKS);
    }

    /** The unmerged paths of the index, as git lists them in the sandbox. */
    private List<String> conflictingFiles(SandboxSpec inside) {
        Step step = gitInside(inside, "diff", "--name-only", "--diff-filter=U", "-z");
        if (step.exitCode() != 0) {
            throw new Refused("the conflicting files could not be listed: " + step.output());
        }
        List<String> files = new ArrayList<>();
        for (String name : step.output().split("\0")) {
            if (!name.isBlank()) {
                files.add(name);
            }
        }
        return List.copyOf(new LinkedHashSet<>(files));
    }

    /** How a git command in the sandbox ended: its exit code and its output (standard error included). */
    private record Step(int exitCode, String output) {
    }

    /** git in the sandbox, in the checkout (hooks and fsmonitor off; the standard conflict markers). */
    private Step gitInside(SandboxSpec inside, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c",
                "core.fsmonitor=false", "-c", "commit.gpgsign=false", "-c", "merge.conflictStyle=merge", "-c",
                "rebase.autoStash=false"));
        command.addAll(List.of(args));
        try {
            Process p = sandbox.processBuilder(inside, command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!p.waitFor(GIT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new Refused("git " + String.join(" ", args) + " did not finish within " + GIT_LIMIT.toSeconds()
                        + " s");
            }
            return new Step(p.exitValue(), output.join().strip());
        } catch (IOException e) {
            throw new Refused("git " + String.join(" ", args) + " could not start in the sandbox: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted during git " + String.join(" ", args));
        }
    }

    private static String abbreviated(String commit) {
        return commit == null || commit.length() < 12 ? String.valueOf(commit) : commit.substring(0, 12);
    }

    /** What the agent's rounds cost together, as far as the provider reported it. */
    private static final class Usage {
        java.math.BigDecimal cost;
        Long input;
        Long output;

        void add(AgentOutcome outcome) {
            if (outcome == null) {
                return;
            }
            outcome.costUsd().ifPresent(c -> cost = cost == null ? c : cost.add(c));
            outcome.usage().ifPresent(u -> {
                input = (input == null ? 0 : input) + u.inputTokens();
                output = (output == null ? 0 : output) + u.outputTokens();
            });
        }
    }
}
