package chant.agent.runner;

import chant.agent.remote.SpecServiceClient;
import chant.agent.work.Ending;
import chant.agent.work.LeaseLostException;
import chant.agent.work.Progress;
import chant.agent.work.RunTicket;
import chant.agent.work.VerifyTask;
import chant.agent.workspace.RepositoryCache;
import chant.support.git.Git;
import chant.support.git.GitException;
import chant.support.remote.RemoteException;
import chant.support.sandbox.Sandbox;
import chant.support.sandbox.SandboxUnavailableException;
import chant.support.verify.Verification;
import chant.support.verify.VerifyRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A verify run (merge-service's verify gate, docs/agent-service.md "Verify runs"): the commit is fetched
 * from its ref of the project's remote into the runner's repository cache, the shared
 * {@link VerifyRunner} checks it out on its own and runs the command in the runner's sandbox, and the
 * end is reported with what the command did. Passing or failing, the command ran: the run succeeds
 * and merge-service decides. A fetch that fails is a retryable failure (the remote may be back); a
 * sandbox that cannot run is a failure. No agent runs and the spec is not changed.
 */
final class VerifyWork {

    private static final Duration GIT_LIMIT = Duration.ofMinutes(10);

    private final Runner runner;
    private final RunnerConfig config;
    private final SpecServiceClient specService;
    private final Sandbox sandbox;
    private final Git git;
    private final RunTicket ticket;
    private final RunLog log;
    private final Heartbeats beats;

    VerifyWork(Runner runner, RunnerConfig config, SpecServiceClient specService, Sandbox sandbox, Git git,
            RunTicket ticket, RunLog log, Heartbeats beats) {
        this.runner = runner;
        this.config = config;
        this.specService = specService;
        this.sandbox = sandbox;
        this.git = git;
        this.ticket = ticket;
        this.log = log;
        this.beats = beats;
    }

    int run() {
        VerifyTask task = ticket.verify().orElseThrow(() -> new IllegalStateException(
                "run " + ticket.runId() + " is a verify run without its task"));
        log.accept("chant: verifying commit " + task.commit() + " (" + task.ref() + ") with " + task.command()
                + ", for at most " + task.timeoutSeconds() + " s");
        try {
            SpecServiceClient.WorkProject project = specService.project(ticket.project(), ticket.createdBy());
            if (project.repoUrl().isBlank()) {
                return runner.report(ticket, log, Ending.FAILED, "project " + project.name() + " has no repository: set"
                        + " repo_url", null);
            }
            RepositoryCache cache = new RepositoryCache(git, config.workRoot());
            Path repository = cache.locked(ticket.project(), () -> {
                Path repo = cache.refreshLocked(ticket.project(), project.repoUrl());
                git.run(repo, List.of("fetch", "--quiet", "--no-tags", "origin", "+" + task.ref() + ":" + task.ref()),
                        GIT_LIMIT);
                return repo;
            });
            beats.progress(Progress.RUNNING, task.commit());
            // A checkout folder per run: the shared runner removes what a killed attempt of this run left there.
            VerifyRunner verifier = new VerifyRunner(git, sandbox,
                    config.workRoot().resolve("verify").resolve(Long.toString(ticket.runId())));
            Verification verification;
            try {
                verification = verifier.verify(repository, task.commit(), task.command(),
                        Duration.ofSeconds(task.timeoutSeconds()));
            } finally {
                forget(cache, repository, task.ref());
            }
            for (String line : verification.outputTail().split("\n", -1)) {
                if (!line.isEmpty()) {
                    log.accept("[verify] " + line);
                }
            }
            String reason = verification.passed()
                    ? "the verify command passed on " + task.commit() + " in " + verification.duration().toSeconds() + " s"
                    : "the verify command failed on " + task.commit() + ": " + verification.failure();
            log.accept("chant: " + reason);
            return runner.report(ticket, log, Ending.SUCCEEDED, reason, null, "", null, null, null, "",
                    Optional.of(verification));
        } catch (LeaseLostException e) {
            log.accept("chant: stopped: " + e.getMessage());
            return Runner.LEASE_LOST;
        } catch (RemoteException e) {
            return runner.report(ticket, log, e.retryable() ? Ending.RETRYABLE_FAILURE : Ending.FAILED, e.getMessage(),
                    null);
        } catch (GitException e) {
            return runner.report(ticket, log, Ending.RETRYABLE_FAILURE, "commit " + task.commit() + " could not be"
                    + " fetched from " + task.ref() + ": " + e.getMessage(), null);
        } catch (SandboxUnavailableException | IllegalArgumentException | java.io.UncheckedIOException e) {
            return runner.report(ticket, log, Ending.FAILED, "the verify command could not run: " + e.getMessage(), null);
        }
    }

    /** The fetched ref is of no more use here (merge-service deletes it on the remote). */
    private void forget(RepositoryCache cache, Path repository, String ref) {
        try {
            cache.locked(ticket.project(), () -> git.tryRun(repository, List.of("update-ref", "-d", ref), GIT_LIMIT));
        } catch (RuntimeException e) {
            log.accept("chant: the fetched " + ref + " stays in the repository cache: " + e.getMessage());
        }
    }
}
