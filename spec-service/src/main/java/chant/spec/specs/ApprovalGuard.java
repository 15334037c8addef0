package chant.spec.specs;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.store.Spec;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import java.util.Objects;

/**
 * What an edit may not do to a spec's approval: decide it (status, by, at change only through
 * ApproveSpec, RejectSpec and RequestApproval), or let the author drop a requirement that is still
 * pending or was rejected.
 */
final class ApprovalGuard {

    private ApprovalGuard() {
    }

    /** {@code actor} is the acting subject, compared exactly with the author's (as the approval rule does). */
    static void requireUnchangedDecision(Spec spec, Approval before, Approval after, String actor) {
        boolean requiredBefore = before != null && before.required();
        boolean requiredAfter = after != null && after.required();
        if (requiredBefore && !requiredAfter) {
            boolean open = before.status() == null || before.status() != ApprovalStatus.APPROVED;
            if (open && actor.equals(spec.createdBy)) {
                throw new PreconditionFailedException("the approval of " + spec.specId + " is "
                        + (before.status() == null ? "pending" : before.status().yamlName())
                        + ", and its author cannot drop the requirement: have it approved (chant approve by another"
                        + " person), or ask for approval again after a rejection (chant request-approval)");
            }
            return;
        }
        if (!requiredAfter) {
            // No approval is needed: what stands of an earlier decision may stay, but not change.
            boolean decidedBefore = before != null;
            ApprovalStatus statusBefore = decidedBefore ? orPending(before.status()) : ApprovalStatus.PENDING;
            if (after != null && (orPending(after.status()) != statusBefore
                    || !Objects.equals(after.by(), decidedBefore ? before.by() : null)
                    || !Objects.equals(after.at(), decidedBefore ? before.at() : null))) {
                throw decidedByEdit();
            }
            return;
        }
        ApprovalStatus statusBefore = requiredBefore ? orPending(before.status()) : ApprovalStatus.PENDING;
        String byBefore = requiredBefore ? before.by() : null;
        String atBefore = requiredBefore ? before.at() : null;
        if (orPending(after.status()) != statusBefore || !Objects.equals(after.by(), byBefore)
                || !Objects.equals(after.at(), atBefore)) {
            throw decidedByEdit();
        }
    }

    private static ApprovalStatus orPending(ApprovalStatus status) {
        return status == null ? ApprovalStatus.PENDING : status;
    }

    private static InvalidRequestException decidedByEdit() {
        return new InvalidRequestException("approval status, by and at change only through ApproveSpec and RejectSpec"
                + " (chant approve, chant reject) or RequestApproval (chant request-approval): leave them as they are in"
                + " the edit");
    }
}
