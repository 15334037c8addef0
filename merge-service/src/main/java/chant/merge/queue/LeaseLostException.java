package chant.merge.queue;

/** The queue's lease is no longer this holder's (expired, or taken over): it must stop and record nothing. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(Lease lease) {
        super("the lease of " + lease.label() + " was lost: it expired or another process took the queue over;"
                + " nothing was recorded");
    }
}
