package chant.merge.queue;

import chant.support.remote.RemoteException;
import chant.merge.remote.SpecServiceClient;
import org.jboss.logging.Logger;

/**
 * Tells spec-service about a merge that is recorded here (RecordMerge, which is idempotent), or
 * archives a spec whose file an archive request committed (ArchiveSpecs, idempotent too). While
 * spec-service is away the merge stays pending and {@link QueueDispatcher} tries again; a refusal
 * is final and noted on the item.
 */
final class RecordDelivery {

    private static final Logger LOG = Logger.getLogger(RecordDelivery.class);

    private RecordDelivery() {
    }

    /** True when it is settled (delivered or refused for good). */
    static boolean deliver(MergeQueues queues, SpecServiceClient specService, PendingRecord record) {
        try {
            if (record.archive()) {
                specService.archive(record.project(), record.specId(), record.force(), record.folder(),
                        record.requestedBy());
            } else {
                specService.recordMerge(record.project(), record.specId(), record.mergeCommit(), record.into(),
                        record.requestedBy());
            }
            queues.recorded(record.mergeId(), record.position(), "");
            return true;
        } catch (RemoteException e) {
            if (e.retryable()) {
                LOG.infof("the %s of spec %s waits for spec-service: %s", record.archive() ? "archiving" : "merge",
                        record.specId(), e.getMessage());
                return false;
            }
            LOG.warnf("spec-service refused the %s of spec %s: %s", record.archive() ? "archiving" : "merge",
                    record.specId(), e.getMessage());
            queues.recorded(record.mergeId(), record.position(), "spec-service refused: " + e.getMessage());
            return true;
        }
    }
}
