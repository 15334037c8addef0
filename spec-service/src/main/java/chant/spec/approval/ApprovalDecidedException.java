package chant.spec.approval;

import chant.support.failure.ConflictException;

/** The approval was decided by someone else since the caller read the spec: a lost race, ABORTED. */
public class ApprovalDecidedException extends ConflictException {
    public ApprovalDecidedException(String message) {
        super(message);
    }
}
