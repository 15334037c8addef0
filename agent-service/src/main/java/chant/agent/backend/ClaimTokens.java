package chant.agent.backend;

import chant.agent.queue.Finish;
import chant.agent.queue.Outcome;
import chant.agent.queue.RunQueue;
import chant.agent.remote.RunTokens;
import chant.agent.run.Run;
import chant.support.remote.RemoteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The token of a claimed run, got before a backend hands the run on (to a runner process, to a Job).
 * Without it the run can do nothing, so when spec-service cannot give one the claim goes back as a
 * retryable failure: the run is tried again after the backoff.
 */
@ApplicationScoped
public class ClaimTokens {

    private static final Logger LOG = Logger.getLogger(ClaimTokens.class);

    @Inject
    RunTokens runTokens;

    @Inject
    RunQueue queue;

    /**
     * @throws NoToken when there is none; the claim has then been given back
     */
    public String tokenOrGiveBack(Run run) throws NoToken {
        try {
            return runTokens.create(run.id, run.project, run.specId, run.timeoutSeconds);
        } catch (RemoteException e) {
            LOG.warnf("%s of spec %s: no run token from spec-service (%s); the run is tried again", run.label(),
                    run.specId, e.getMessage());
            queue.finish(new Finish(run.id, run.leaseEpoch, Outcome.RETRYABLE_FAILURE, "", null, null, null,
                    "agent-service could not get the run's token from spec-service: " + e.getMessage()));
            throw new NoToken(e.retryable());
        }
    }

    /** No token for a claimed run; the claim has been given back. */
    public static final class NoToken extends Exception {

        private final boolean pauseClaiming;

        NoToken(boolean pauseClaiming) {
            super(null, null, false, false);
            this.pauseClaiming = pauseClaiming;
        }

        /** Whether spec-service is away (it may come back): then claiming more runs now would only give them back too. */
        public boolean pauseClaiming() {
            return pauseClaiming;
        }
    }
}
