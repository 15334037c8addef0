package chant.spec.store;

import chant.support.failure.ConflictException;

/**
 * The caller read an older version than the one stored: another writer won the race.
 * Maps to ABORTED; the message names the current version so the caller can re-read and retry.
 */
public class StaleVersionException extends ConflictException {
    private final long currentVersion;

    public StaleVersionException(String specId, long expected, long current) {
        super("spec " + specId + " changed since you read it: you have version " + expected
                + ", the current version is " + current + "; read it again and retry");
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
