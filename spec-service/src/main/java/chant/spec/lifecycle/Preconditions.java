package chant.spec.lifecycle;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.SpecStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What must hold before an unforced transition: to {@code in_progress}, dependencies completed or
 * cancelled and approval granted when required; to {@code completed}, every acceptance criterion
 * checked and every member closed.
 */
final class Preconditions {

    private Preconditions() {
    }

    /** Every unmet precondition of moving to {@code to}, as sentences; empty when all hold. */
    static List<String> unmet(SpecStatus to, SpecFacts facts) {
        List<String> unmet = new ArrayList<>();
        if (to == SpecStatus.IN_PROGRESS) {
            facts.unmetDependencies().forEach(dependency ->
                    unmet.add(dependency + ": complete or cancel it first"));
            approvalProblem(facts.approval()).ifPresent(unmet::add);
        }
        if (to == SpecStatus.COMPLETED) {
            int unchecked = facts.criteriaTotal() - facts.criteriaChecked();
            if (unchecked > 0) {
                unmet.add(unchecked + " of " + facts.criteriaTotal() + " acceptance criteria "
                        + (unchecked == 1 ? "is" : "are") + " unchecked: check them in the body first");
            }
            facts.openMembers().forEach(member ->
                    unmet.add("member " + member + " is still open: complete or cancel it first"));
        }
        return unmet;
    }

    private static Optional<String> approvalProblem(Approval approval) {
        if (approval == null || !approval.required() || approval.status() == ApprovalStatus.APPROVED) {
            return Optional.empty();
        }
        if (approval.status() == ApprovalStatus.REJECTED) {
            String by = approval.by() == null ? "" : " by " + approval.by();
            return Optional.of("approval was rejected" + by
                    + ": address the rejection and have the spec approved (chant approve) first");
        }
        return Optional.of("approval is pending: have the spec approved (chant approve) first");
    }
}
