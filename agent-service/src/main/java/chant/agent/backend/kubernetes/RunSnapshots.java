package chant.agent.backend.kubernetes;

import chant.agent.run.Run;
import chant.agent.run.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** A run as the Kubernetes backend needs it to judge its Job, read in a transaction of its own. */
@ApplicationScoped
public class RunSnapshots {

    /** The run's state when read; {@code epoch} is its current lease. */
    public record Snapshot(long runId, RunStatus status, long epoch, int attempt, boolean cancelRequested, long logSize) {

        /** Whether the attempt of lease {@code jobEpoch} still holds the run: nothing reported its end yet. */
        boolean heldBy(long jobEpoch) {
            return epoch == jobEpoch && status.claimed();
        }
    }

    @Inject
    EntityManager em;

    @Transactional
    public Optional<Snapshot> of(long runId) {
        Run run = em.find(Run.class, runId);
        if (run == null) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(run.id, run.status, run.leaseEpoch, run.attempt, run.cancelRequested, run.logSize));
    }
}
