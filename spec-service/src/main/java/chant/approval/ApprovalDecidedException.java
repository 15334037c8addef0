package chant.approval;

/** The approval was decided by someone else since the caller read the spec: a lost race, ABORTED. */
public class ApprovalDecidedException extends RuntimeException {
    public ApprovalDecidedException(String message) {
        super(message);
    }
}
