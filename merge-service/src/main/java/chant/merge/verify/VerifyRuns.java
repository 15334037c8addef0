package chant.merge.verify;

import chant.merge.git.MergeRepository;
import chant.merge.remote.AgentServiceClient;
import chant.merge.remote.ProjectInfo;
import chant.merge.remote.RunInfo;
import chant.support.verify.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The verify gate run by agent-service ({@code chant.merge.verify.where=agent-service}, the setting of the
 * Kubernetes manifests, where merge-service's pod has no sandbox): the merge result is pushed to
 * {@code refs/chant/verify/<request>-<position>} of the project's remote, a verify run of agent-service runs
 * the project's command on it in the runner's sandbox (in Kubernetes a Job of its own), and its result is
 * the gate's. The queue's lease is renewed meanwhile as during a verification here.
 *
 * <p>Every wait is bounded and repeatable: the run is asked for with a request ID of the request, item and
 * commit, so a worker that gave up waiting, or a replica that took the queue over after a crash, finds
 * the same run again. A run that ended without a result (failed, lost, cancelled) is followed by another
 * (its request ID names the one before), at most {@link #RUNS_PER_LOOK} per look; then the merge is tried
 * again later, as when the sandbox here cannot run. The ref is deleted once a run has answered; a look
 * that gave up waiting leaves it for the run that still needs it.
 */
final class VerifyRuns {

    private static final Logger LOG = Logger.getLogger(VerifyRuns.class);

    static final String REF_PREFIX = "refs/chant/verify/";
    /** What the run may take beyond the command's limit: the runner's fetch and its report. */
    static final int FETCH_ALLOWANCE_SECONDS = 300;
    /** How long a look waits for the run beyond its timeout (it may wait for a slot in agent-service's queue). */
    static final Duration QUEUE_ALLOWANCE = Duration.ofMinutes(10);
    static final int RUNS_PER_LOOK = 2;

    /** Which merge the verification is for: request, item position, spec, and the person who asked. */
    record Subject(long requestId, int position, String specId, String requestedBy) {
    }

    private final AgentServiceClient agents;
    private final Duration poll;
    private final Clock clock;

    VerifyRuns(AgentServiceClient agents, Duration poll, Clock clock) {
        this.agents = agents;
        this.poll = poll;
        this.clock = clock;
    }

    Verification verify(ProjectInfo project, MergeRepository repository, String commit, Subject subject, int seconds) {
        String ref = REF_PREFIX + subject.requestId() + "-" + subject.position();
        repository.pushRef(commit, ref);
        String requestId = "verify-" + subject.requestId() + "-" + subject.position() + "-" + commit.substring(0, 12);
        int waited = 0;
        while (true) {
            long runId = agents.enqueueVerify(project.name(), subject.specId(), commit, ref, project.verifyCommand(),
                    seconds, seconds + FETCH_ALLOWANCE_SECONDS, requestId, subject.requestedBy());
            RunInfo run = agents.run(runId, subject.requestedBy());
            if (!run.ended()) {
                LOG.infof("merge request %d: verify run %d of agent-service verifies %s for spec %s",
                        subject.requestId(), runId, commit, subject.specId());
                run = awaitEnd(runId, subject, Duration.ofSeconds(seconds + FETCH_ALLOWANCE_SECONDS).plus(QUEUE_ALLOWANCE));
                waited++;
            }
            if (run.succeeded() && run.verification().isPresent()) {
                repository.deleteRef(ref);
                Verification v = run.verification().get();
                return new Verification(commit, v.exitCode(), v.timedOut(), v.outputTail(), v.duration());
            }
            if (waited >= RUNS_PER_LOOK) {
                repository.deleteRef(ref);
                throw new IllegalStateException("verify run " + runId + " of agent-service " + run.status()
                        + (run.endReason().isEmpty() ? "" : ": " + run.endReason()) + "; the merge is tried again later");
            }
            // Ended without a result: the next run's request ID names this one, so a later look finds it too.
            requestId = "verify-" + subject.requestId() + "-" + subject.position() + "-after-" + runId;
        }
    }

    private RunInfo awaitEnd(long runId, Subject subject, Duration patience) {
        Instant giveUp = clock.instant().plus(patience);
        while (true) {
            RunInfo run = agents.run(runId, subject.requestedBy());
            if (run.ended()) {
                return run;
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new IllegalStateException("verify run " + run.id() + " of agent-service is still " + run.status()
                        + " after " + patience.toMinutes() + " minutes; the queue looks again later");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for verify run " + runId, e);
            }
        }
    }
}
