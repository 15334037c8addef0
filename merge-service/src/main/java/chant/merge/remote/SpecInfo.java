package chant.merge.remote;

/**
 * What merge-service needs of a spec, as spec-service has it now.
 *
 * @param status         lower case, as in the markdown (completed, needs_attention, ...)
 * @param approvalStatus lower case (pending, approved, rejected); empty when none was ever needed
 * @param mergeCommit    the commit that merged its branch (RecordMerge); empty while unmerged
 */
public record SpecInfo(String id, String title, String status, boolean approvalRequired, String approvalStatus,
        String branch, String mergeCommit, String mergedInto, boolean archived, String archiveFolder) {

    /** An active (not archived) spec. */
    public SpecInfo(String id, String title, String status, boolean approvalRequired, String approvalStatus,
            String branch, String mergeCommit, String mergedInto) {
        this(id, title, status, approvalRequired, approvalStatus, branch, mergeCommit, mergedInto, false, "");
    }

    public boolean completed() {
        return status.equals("completed");
    }

    public boolean merged() {
        return !mergeCommit.isEmpty();
    }
}
